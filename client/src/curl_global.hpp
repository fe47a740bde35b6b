#pragma once
// libcurl's process-wide initialisation, done once whichever thread gets there first.

namespace bedrock::client {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) exactly once; never cleans up (other code in the
// process may still use libcurl at exit). Returns false when initialisation failed.
bool ensure_curl_initialised();

}  // namespace bedrock::client
