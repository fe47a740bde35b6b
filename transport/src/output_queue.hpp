#pragma once
// Bytes waiting to be written to one connection. Small writes are gathered into one buffer (an
// answer's head and body leave in one write); large bodies are kept as their own segment rather
// than copied. The drained buffer keeps its capacity for the next answer.
#include <sys/uio.h>

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace bedrock::transport {

class OutputQueue {
 public:
  void append(std::string_view bytes);
  void append(std::string&& bytes);
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Up to `max` pieces of what is queued, in order; returns how many.
  std::size_t gather(iovec* pieces, std::size_t max) const;
  // The first contiguous piece (TLS writes one record buffer at a time).
  std::string_view front() const;
  void consume(std::size_t bytes);
  void clear();

 private:
  static constexpr std::size_t kGatherLimit = 64 * 1024;  // a segment grows up to this
  static constexpr std::size_t kOwnSegment = 16 * 1024;   // moved, not copied, from this size
  std::deque<std::string> segments_;
  std::size_t front_offset_ = 0;
  std::size_t size_ = 0;
  std::string spare_;  // a drained segment, kept for its capacity
};

}  // namespace bedrock::transport
