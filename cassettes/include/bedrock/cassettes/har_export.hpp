#pragma once
// A cassette as an HTTP Archive 1.2 file, for the tools people already use to look at traffic
// (browsers' network panels, HAR viewers, Polly.JS). Standard fields carry what HAR can say:
// URL, headers in order, request body (postData.text), status, response body (content.text;
// base64 for bytes that are not text, event streams included: the frames as encoded), and the
// stream's duration in timings. What HAR has no field for is added under `_bedrock` (entry:
// id, recordedAt, operation, modelId, region, offsetsMs, streamEnd, failure; postData._encoding
// for binary request bodies) and `log._bedrockCassette` (name, description, ignorePaths);
// importing the file reads them back, so export then import gives the same cassette.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bedrock/protocol/cassette.hpp"

namespace bedrock::cassettes {

// An event the codec cannot frame (a string header that is not UTF-8, which the cassette format
// can hold but the wire cannot carry) ends its stream there, as bedrock-mock's replay does:
// streamEnd "reset", and a line in `warnings` naming the interaction and the event.
nlohmann::ordered_json to_har(const cassette::Cassette& cassette,
                              std::vector<std::string>* warnings = nullptr);
// 2-space indented JSON with a trailing newline.
std::string serialize_har(const cassette::Cassette& cassette,
                          std::vector<std::string>* warnings = nullptr);

}  // namespace bedrock::cassettes
