#pragma once
// The modeled regular expressions of the request shapes (request_shapes.hpp): the text Coral
// prints and a hand-written matcher with Java's Matcher.matches() semantics (the whole value must
// match). Not std::regex: libstdc++'s regex recurses per character and overflows the stack on
// long hostile strings.
#include "validation/request_shapes.hpp"

namespace bedrock::mock::shapes {

extern const Pattern kToolNamePattern;
extern const Pattern kToolUseIdPattern;
extern const Pattern kAccountIdPattern;
extern const Pattern kS3UriPattern;
extern const Pattern kMetadataKeyPattern;
extern const Pattern kMetadataValuePattern;
extern const Pattern kGuardrailIdentifierPattern;
extern const Pattern kGuardrailVersionPattern;

}  // namespace bedrock::mock::shapes
