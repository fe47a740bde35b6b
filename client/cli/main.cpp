// bedrock-cli: hands argv to the command library.
#include <iostream>

#include "cli_commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return bedrock::cli::run(args, std::cout, std::cerr);
}
