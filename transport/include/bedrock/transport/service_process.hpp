#pragma once
// What bedrock-mock and bedrock-record do as processes, written once: take SIGINT/SIGTERM
// synchronously, publish the bound port for scripts, and wait for the stop signal.
#include <signal.h>

#include <string>

#include "bedrock/transport/result.hpp"

namespace bedrock::transport {

// Blocks SIGINT and SIGTERM in the calling thread. Call it first in main(), before anything
// can start a thread, so every thread inherits the mask and none is killed by the default
// action; wait_for_stop_signal() then takes them.
sigset_t block_stop_signals();

// Writes `port` and a newline to `path` through a temporary file and a rename, so a script
// polling for the file never reads a partial one.
Result<void> write_port_file(const std::string& path, int port);

// Returns once SIGINT or SIGTERM arrives (the set block_stop_signals() returned).
void wait_for_stop_signal(const sigset_t& signals);

}  // namespace bedrock::transport
