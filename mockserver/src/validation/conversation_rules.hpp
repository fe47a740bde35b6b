#pragma once
// The service's semantic rules for a Converse conversation (reference §8, §11 item 13): checked
// after the shape is valid and the model resolved, each answering with Bedrock's own sentence.
//
// Indexes in these texts are 0-based ("messages.1" is the second message), unlike Coral's
// 1-based shape paths. Order of the checks (the service's own order is not documented):
//   1. no messages at all -> "A conversation must start with a user message. ..." (unverified:
//      `messages` is optional in the model since prompt-management ARNs, reference §4, but a
//      foundation model has nothing to answer);
//   2. message by message, block by block: empty content, blank text, reasoning content in a
//      user message, an error toolResult without content, duplicate toolUse IDs;
//   3. the first message (messages with the recent "system" role are skipped, unverified) must
//      be a user message, then roles must alternate;
//   4. toolUse / toolResult blocks need a toolConfig;
//   5. each toolSpec.inputSchema.json must be a JSON object.
#include <nlohmann/json.hpp>

#include "bedrock/protocol/error_catalog.hpp"
#include "bedrock/protocol/expected.hpp"

namespace bedrock::mock {

// `conversation` is the object holding messages / toolConfig: the Converse body, or
// input.converse of CountTokens. Values of unexpected types are skipped (the shape check owns
// them).
Expected<void, errors::ServiceError> check_conversation(const nlohmann::json& conversation);

}  // namespace bedrock::mock
