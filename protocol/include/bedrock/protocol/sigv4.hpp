#pragma once
// SigV4 for Bedrock, sign and verify. Stages: sigv4_canonical.hpp (canonical request),
// sigv4_signature.hpp (string to sign, signing key, signature), sigv4_signer.hpp (sign a
// request), sigv4_authorization.hpp (the Authorization header), sigv4_verifier.hpp (verify).
#include "bedrock/protocol/sigv4_authorization.hpp"
#include "bedrock/protocol/sigv4_canonical.hpp"
#include "bedrock/protocol/sigv4_signature.hpp"
#include "bedrock/protocol/sigv4_signer.hpp"
#include "bedrock/protocol/sigv4_time.hpp"
#include "bedrock/protocol/sigv4_verifier.hpp"
