#include "bedrock/transport/service_process.hpp"

#include <pthread.h>

#include <cstdio>
#include <fstream>

namespace bedrock::transport {

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

Result<void> write_port_file(const std::string& path, int port) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp);
    out << port << "\n";
    if (!out) return failure("cannot write --port-file " + path);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return failure("cannot write --port-file " + path);
  }
  return {};
}

void wait_for_stop_signal(const sigset_t& signals) {
  int received = 0;
  sigwait(&signals, &received);
}

}  // namespace bedrock::transport
