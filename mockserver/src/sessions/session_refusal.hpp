#pragma once
// What a request gets when its session cannot answer it: unknown, still loading its cassettes,
// failed to load them, or named badly. An AWS-shaped error, so an SDK shows the text.
#include <string>

#include "bedrock/protocol/error_catalog.hpp"

namespace bedrock::mock {

class Session;

struct SessionRefusal {
  errors::WireResponse wire;  // without a request ID (the pipeline adds it)
  std::string error_type;     // the short x-amzn-ErrorType, for the journal
  std::string message;
};

SessionRefusal refuse_unknown_session(const std::string& id);
SessionRefusal refuse_invalid_session(const std::string& why);
// Still loading: 503, which SDKs retry; failed: 400 with the load error.
SessionRefusal refuse_unready_session(const Session& session);

}  // namespace bedrock::mock
