// Step 3: what the endpoint's name resolves to, and what that means. Private addresses mean a
// VPC interface endpoint (private DNS, or a vpce- name); public ones need a route to the
// internet, so from a VPC with neither NAT nor an interface endpoint requests hang (reference
// §1, VPC interface endpoints).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <cstring>
#include <future>
#include <memory>
#include <thread>

#include "doctor_steps.hpp"

namespace bedrock::client::doctor {
namespace {

enum class AddressKind { kLoopback, kPrivate, kLinkLocal, kPublic, kInvalid };

std::string_view describe(AddressKind kind) {
  switch (kind) {
    case AddressKind::kLoopback:
      return "loopback";
    case AddressKind::kPrivate:
      return "private";
    case AddressKind::kLinkLocal:
      return "link-local";
    case AddressKind::kPublic:
      return "public";
    case AddressKind::kInvalid:
      return "not an IP address";
  }
  return "not an IP address";
}

AddressKind classify(const std::string& text) {
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    const uint32_t a = ntohl(v4.s_addr);
    if ((a >> 24) == 127) return AddressKind::kLoopback;
    if ((a >> 24) == 10 || (a >> 20) == 0xAC1 || (a >> 16) == 0xC0A8 ||
        (a >> 22) == (100u << 2 | 1u)) {  // 10/8, 172.16/12, 192.168/16, 100.64/10
      return AddressKind::kPrivate;
    }
    if ((a >> 16) == 0xA9FE) return AddressKind::kLinkLocal;  // 169.254/16
    return AddressKind::kPublic;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return AddressKind::kLoopback;
    if (IN6_IS_ADDR_LINKLOCAL(&v6)) return AddressKind::kLinkLocal;
    if ((v6.s6_addr[0] & 0xFE) == 0xFC) return AddressKind::kPrivate;  // fc00::/7
    return AddressKind::kPublic;
  }
  return AddressKind::kInvalid;
}

struct Lookup {
  std::vector<std::string> addresses;
  std::string error;
};

Lookup resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const int status = getaddrinfo(host.c_str(), nullptr, &hints, &raw);
  if (status != 0) return {{}, gai_strerror(status)};
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(raw, freeaddrinfo);
  Lookup out;
  for (const addrinfo* entry = list.get(); entry != nullptr; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        entry->ai_family == AF_INET
            ? static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in*>(entry->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(entry->ai_addr)->sin6_addr);
    if (inet_ntop(entry->ai_family, address, text, sizeof(text)) == nullptr) continue;
    bool seen = false;
    for (const auto& known : out.addresses) seen = seen || known == text;
    if (!seen) out.addresses.emplace_back(text);
  }
  return out;
}

// getaddrinfo has no timeout of its own and a resolver that does not answer (no route to it,
// a VPC without DNS support) would stall doctor: look up on a thread of its own and give up
// after `timeout`. A thread left behind ends with the process.
Lookup resolve_within(const std::string& host, std::chrono::milliseconds timeout) {
  auto promise = std::make_shared<std::promise<Lookup>>();
  std::future<Lookup> answer = promise->get_future();
  try {
    std::thread([host, promise] { promise->set_value(resolve(host)); }).detach();
  } catch (const std::system_error&) {
    return resolve(host);  // no thread to spare: look up here, without a limit
  }
  if (answer.wait_for(timeout) == std::future_status::ready) return answer.get();
  return {{},
          "the resolver gave no answer within " + std::to_string(timeout.count()) +
              " ms (is a DNS server reachable from here?)"};
}

}  // namespace

StepResult check_dns(DoctorState& state) {
  const NetworkEvidence& given = state.options.network;
  DiagnosisContext& context = state.context;
  context.vpc_without_nat = given.egress == VpcEgress::kNone;
  if (!given.vpc_endpoint_host.empty()) context.vpc_endpoint_host = given.vpc_endpoint_host;
  const std::string& host = context.endpoint_host;

  StepResult result;
  std::vector<std::string> addresses;
  if (!given.dns_answer.empty()) {
    addresses = given.dns_answer;
    result.evidence.push_back(host +
                              " resolves (as given with --dns-answer) to the addresses "
                              "below; connections still use this machine's resolver");
  } else if (classify(host) != AddressKind::kInvalid) {
    addresses = {host};
    result.evidence.push_back(host + " is an IP address: no lookup");
  } else {
    Lookup lookup = resolve_within(host, state.options.timeout);
    if (!lookup.error.empty() || lookup.addresses.empty()) {
      StepResult failed =
          step_with(StepId::kDns, StepStatus::kFail, host + " does not resolve: " + lookup.error,
                    diagnose_network(NetworkStage::kDns, context));
      failed.evidence.push_back("getaddrinfo(" + host + "): " + lookup.error);
      return failed;
    }
    addresses = std::move(lookup.addresses);
  }

  bool any_public = false, any_private = false, all_loopback = true;
  for (const auto& address : addresses) {
    const AddressKind kind = classify(address);
    result.evidence.push_back(address + " (" + std::string(describe(kind)) + ")");
    any_public = any_public || kind == AddressKind::kPublic;
    any_private = any_private || kind == AddressKind::kPrivate;
    all_loopback = all_loopback && kind == AddressKind::kLoopback;
  }
  context.endpoint_resolves_public = any_public;
  if (given.egress == VpcEgress::kNone) {
    result.evidence.push_back("told: this VPC has no NAT gateway or internet route (--vpc no-nat)");
  }
  if (!given.vpc_endpoint_host.empty()) {
    result.evidence.push_back("told: the VPC has the interface endpoint " +
                              given.vpc_endpoint_host);
  }

  result.status = StepStatus::kOk;
  if (all_loopback) {
    result.summary = host + " is on this machine (loopback): a local mock, proxy or tunnel";
  } else if (any_public && given.egress == VpcEgress::kNone) {
    // What will happen, from the same table the model call's failure will be read with.
    result.status = StepStatus::kWarn;
    result.summary = host +
                     " resolves to public addresses, but this VPC has no NAT: requests "
                     "will hang";
    result.diagnosis = diagnose_network(NetworkStage::kTimeout, context);
  } else if (any_private) {
    result.summary = host +
                     " resolves to private addresses: a VPC interface endpoint (private "
                     "DNS, or a vpce- name)";
  } else {
    result.summary = host +
                     " resolves to public addresses: needs a route to the internet (an "
                     "internet gateway, a NAT gateway or a proxy)";
  }
  return result;
}

}  // namespace bedrock::client::doctor
