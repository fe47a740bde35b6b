#pragma once
// One accepted connection as the front end's transports see it, plain TCP or TLS: httplib's
// Stream (so httplib can parse HTTP/1.1 from it) plus what the front end itself needs to
// own the connection (read-ahead, dropping it on purpose).
#include <httplib.h>

namespace bedrock::transport {

class ConnectionStream : public httplib::Stream {
 public:
  // Bytes already taken off the socket (or decrypted) but not yet read: poll() on the
  // socket would not report them.
  virtual bool has_buffered_input() const = 0;
  // Every later write fails, so nothing more reaches the client; the connection is then
  // closed with a TCP RST (reset_connection).
  virtual void refuse_writes() = 0;
  virtual bool writes_refused() const = 0;
};

}  // namespace bedrock::transport
