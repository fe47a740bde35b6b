#include "bedrock/protocol/query_redaction.hpp"

#include <gtest/gtest.h>

namespace bedrock {
namespace {

struct Case {
  const char* target;
  const char* written;
};

class QueryRedaction : public ::testing::TestWithParam<Case> {};

TEST_P(QueryRedaction, HidesTheCredentialParametersAndKeepsTheRest) {
  EXPECT_EQ(redact_query_credentials(GetParam().target), GetParam().written);
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryRedaction,
    ::testing::Values(
        Case{"/model/m/converse", "/model/m/converse"},
        Case{"/model/m/converse?", "/model/m/converse?"}, Case{"/x?a=1&b=2", "/x?a=1&b=2"},
        Case{"/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830"
             "%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Signature=abc123&X-Amz-Date=20150830T"
             "123600Z",
             "/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Signature="
             "REDACTED&X-Amz-Date=20150830T123600Z"},
        Case{"/x?x-amz-security-token=IQoJ&&flag", "/x?x-amz-security-token=REDACTED&&flag"},
        Case{"/x?X-Amz-Signature", "/x?X-Amz-Signature"},  // no value: nothing to hide
        Case{"/x?NotX-Amz-Signature=keep", "/x?NotX-Amz-Signature=keep"}));

}  // namespace
}  // namespace bedrock
