#pragma once
// CURLcode -> the stage that failed. Kept apart from the transport so the table is tested on
// its own, code by code.
#include <curl/curl.h>

#include "bedrock/client/transport_error.hpp"

namespace bedrock::client {

TransportStage stage_of(CURLcode code);

}  // namespace bedrock::client
