#include "bedrock/client/credentials.hpp"

namespace bedrock::client {

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers)
    : providers_(std::move(providers)) {}

CredentialsResult CredentialsChain::credentials() {
  std::vector<CredentialsError> tried;
  for (const auto& provider : providers_) {
    auto found = provider->credentials();
    if (found) {
      if (found->provider.empty()) found->provider = provider->name();
      return found;
    }
    CredentialsError error = std::move(found).error();
    if (error.provider.empty()) error.provider = provider->name();
    if (error.kind != CredentialsError::Kind::kNotConfigured) {
      error.tried = std::move(tried);
      return unexpected(std::move(error));
    }
    tried.push_back(std::move(error));
  }
  return unexpected(CredentialsError{CredentialsError::Kind::kNotConfigured, name(),
                                     "no credentials found", std::move(tried)});
}

CachingCredentialsProvider::CachingCredentialsProvider(std::unique_ptr<CredentialsProvider> inner,
                                                       const Environment& clock,
                                                       std::chrono::seconds refresh_before)
    : inner_(std::move(inner)), clock_(clock), refresh_before_(refresh_before) {}

std::string CachingCredentialsProvider::name() const { return inner_->name(); }

void CachingCredentialsProvider::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

CredentialsResult CachingCredentialsProvider::credentials() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (cached_ && (!cached_->expiration || now < *cached_->expiration - refresh_before_)) {
    return *cached_;
  }
  auto fresh = inner_->credentials();
  if (fresh) {
    cached_ = *fresh;
    return fresh;
  }
  // Refreshing early is advisory: credentials that have not expired yet are still good.
  if (cached_ && cached_->expiration && now < *cached_->expiration) return *cached_;
  cached_.reset();
  return fresh;
}

}  // namespace bedrock::client
