#pragma once
// The JSON document credential sources answer with. The container and IMDS endpoints use
// {"AccessKeyId","SecretAccessKey","Token","Expiration"}; credential_process uses "SessionToken"
// and a "Version": 1.
#include <string>
#include <string_view>

#include "bedrock/client/credentials.hpp"

namespace bedrock::client {

enum class CredentialsJsonShape { kMetadataService, kCredentialProcess };

// The error string names missing or malformed members, never their values.
Expected<AwsCredentials, std::string> parse_credentials_json(std::string_view body,
                                                             CredentialsJsonShape shape);

}  // namespace bedrock::client
