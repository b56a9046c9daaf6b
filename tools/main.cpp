// assetmap: community asset mapping. All logic lives in the engine; see cli.cpp.
#include "cli.hpp"

int main(int argc, char** argv) { return assetmap::tools::run_cli(argc, argv); }
