#pragma once
// Internal to the signer: the names headers_to_sign() returns, as string_views into one buffer
// that each thread reuses, so signing allocates nothing per header.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bedrock/protocol/http_request.hpp"

namespace bedrock::sigv4::detail {

class SignedNames {
 public:
  // Every header name of `request` except the never-signed ones, lower-cased, sorted, unique.
  // Invalidates the views of the previous call.
  void collect(const HttpRequest& request);
  const std::vector<std::string_view>& views() const { return views_; }
  std::size_t joined_size() const;  // length of the `a;b;c` list

  static SignedNames& for_this_thread();

 private:
  std::string lowered_;
  std::vector<std::string_view> views_;
};

// True for the headers botocore never signs (reference §3 "Other SigV4 facts"), any case.
bool is_never_signed(std::string_view name);

// `a;b;c` appended to `out`.
void append_joined(std::string& out, const std::vector<std::string_view>& names);

}  // namespace bedrock::sigv4::detail
