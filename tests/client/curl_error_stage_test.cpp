// CURLcode -> TransportStage, code by code: callers tell network trouble apart by this.
#include "curl_error_stage.hpp"

#include <gtest/gtest.h>

namespace bedrock::client {
namespace {

struct StageCase {
  CURLcode code;
  TransportStage stage;
};

void PrintTo(const StageCase& c, std::ostream* os) {
  *os << "CURLcode " << static_cast<int>(c.code) << " -> " << to_string(c.stage);
}

class CurlErrorStageTest : public ::testing::TestWithParam<StageCase> {};

TEST_P(CurlErrorStageTest, MapsToTheStage) {
  EXPECT_EQ(stage_of(GetParam().code), GetParam().stage)
      << curl_easy_strerror(GetParam().code) << " -> " << to_string(stage_of(GetParam().code));
}

INSTANTIATE_TEST_SUITE_P(
    Codes, CurlErrorStageTest,
    ::testing::Values(StageCase{CURLE_COULDNT_RESOLVE_HOST, TransportStage::kDns},
                      StageCase{CURLE_COULDNT_RESOLVE_PROXY, TransportStage::kDns},
                      StageCase{CURLE_COULDNT_CONNECT, TransportStage::kConnect},
                      StageCase{CURLE_PROXY, TransportStage::kConnect},
                      StageCase{CURLE_SSL_CONNECT_ERROR, TransportStage::kTls},
                      StageCase{CURLE_PEER_FAILED_VERIFICATION, TransportStage::kTls},
                      StageCase{CURLE_SSL_CACERT_BADFILE, TransportStage::kTls},
                      StageCase{CURLE_SSL_CERTPROBLEM, TransportStage::kTls},
                      StageCase{CURLE_SSL_PINNEDPUBKEYNOTMATCH, TransportStage::kTls},
                      StageCase{CURLE_OPERATION_TIMEDOUT, TransportStage::kTimeout},
                      StageCase{CURLE_SEND_ERROR, TransportStage::kSend},
                      StageCase{CURLE_RECV_ERROR, TransportStage::kReceive},
                      StageCase{CURLE_PARTIAL_FILE, TransportStage::kReceive},
                      StageCase{CURLE_GOT_NOTHING, TransportStage::kReceive},
                      StageCase{CURLE_HTTP2_STREAM, TransportStage::kReceive},
                      StageCase{CURLE_WEIRD_SERVER_REPLY, TransportStage::kReceive},
                      StageCase{CURLE_WRITE_ERROR, TransportStage::kAborted},
                      StageCase{CURLE_ABORTED_BY_CALLBACK, TransportStage::kAborted},
                      StageCase{CURLE_URL_MALFORMAT, TransportStage::kOther},
                      StageCase{CURLE_OUT_OF_MEMORY, TransportStage::kOther}),
    [](const ::testing::TestParamInfo<StageCase>& param) {
      return "code" + std::to_string(static_cast<int>(param.param.code)) + "_" +
             std::string(to_string(param.param.stage));
    });

}  // namespace
}  // namespace bedrock::client
