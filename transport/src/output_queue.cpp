#include "output_queue.hpp"

namespace bedrock::transport {

void OutputQueue::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (segments_.empty() || segments_.back().size() + bytes.size() > kGatherLimit) {
    if (bytes.size() >= kGatherLimit) {
      segments_.emplace_back(bytes);
    } else {
      segments_.push_back(std::move(spare_));
      spare_ = std::string();
      segments_.back().clear();
      segments_.back().append(bytes);
    }
  } else {
    segments_.back().append(bytes);
  }
  size_ += bytes.size();
}

void OutputQueue::append(std::string&& bytes) {
  if (bytes.size() < kOwnSegment) {
    append(std::string_view(bytes));
    return;
  }
  size_ += bytes.size();
  segments_.push_back(std::move(bytes));
}

std::size_t OutputQueue::gather(iovec* pieces, std::size_t max) const {
  std::size_t count = 0;
  std::size_t offset = front_offset_;
  for (const auto& segment : segments_) {
    if (count == max) break;
    if (segment.size() > offset) {
      pieces[count].iov_base = const_cast<char*>(segment.data() + offset);
      pieces[count].iov_len = segment.size() - offset;
      ++count;
    }
    offset = 0;
  }
  return count;
}

std::string_view OutputQueue::front() const {
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const std::size_t offset = i == 0 ? front_offset_ : 0;
    if (segments_[i].size() > offset) {
      return std::string_view(segments_[i]).substr(offset);
    }
  }
  return {};
}

void OutputQueue::consume(std::size_t bytes) {
  size_ -= bytes;
  while (bytes > 0 && !segments_.empty()) {
    std::string& front = segments_.front();
    const std::size_t left = front.size() - front_offset_;
    if (bytes < left) {
      front_offset_ += bytes;
      return;
    }
    bytes -= left;
    front_offset_ = 0;
    if (front.capacity() <= kGatherLimit * 2 && front.capacity() > spare_.capacity()) {
      spare_ = std::move(front);
    }
    segments_.pop_front();
  }
  if (size_ == 0) front_offset_ = 0;
}

void OutputQueue::clear() {
  segments_.clear();
  front_offset_ = 0;
  size_ = 0;
}

}  // namespace bedrock::transport
