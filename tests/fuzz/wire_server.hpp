#pragma once
// One front end for the wire-level fuzz targets (HTTP/1.1 and HTTP/2): started once per
// process on a loopback port, with a handler that answers every kind of response (plain, paced
// stream, reset, drop) so the fuzzer reaches each writer. An input is sent on a fresh
// connection, the write side is shut, and whatever comes back is read until the server closes.
#include <string_view>

namespace bedrock::fuzz {

void exchange_with_front_end(std::string_view prefix, std::string_view bytes);

}  // namespace bedrock::fuzz
