#include "cli.hpp"

int main(int argc, char** argv) {
  return deadlined::cli_main(argc, argv);
}
