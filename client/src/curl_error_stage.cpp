#include "curl_error_stage.hpp"

namespace bedrock::client {

TransportStage stage_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportStage::kDns;
    case CURLE_COULDNT_CONNECT:
    case CURLE_PROXY:  // the proxy refused the CONNECT tunnel
      return TransportStage::kConnect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return TransportStage::kTls;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportStage::kTimeout;
    case CURLE_SEND_ERROR:
    case CURLE_UPLOAD_FAILED:
    case CURLE_READ_ERROR:
      return TransportStage::kSend;
    // A connection that dropped or answered something that is not HTTP.
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return TransportStage::kReceive;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR:  // our write callback refused the bytes: the BodySink said stop
      return TransportStage::kAborted;
    default:
      return TransportStage::kOther;
  }
}

}  // namespace bedrock::client
