#pragma once
// The socket calls the front end makes, each in one place: listening, accepting without
// blocking, closing with a RST, and the peer's address as text.
#include <optional>
#include <string>

namespace bedrock::transport {

struct ListeningSocket {
  int fd = -1;
  int port = 0;
};

// A non-blocking listening socket on host:port (port 0: any free one). The error names the
// address and the system's reason.
std::optional<ListeningSocket> listen_on(const std::string& host, int port, std::string& error);

// Accepts one connection, non-blocking and with TCP_NODELAY; -1 when none is waiting (or on an
// error that concerns only that connection).
int accept_connection(int listen_fd, std::string& remote_addr);

// Closes with a TCP RST instead of a FIN: the client sees "connection reset by peer".
void close_with_reset(int fd);

}  // namespace bedrock::transport
