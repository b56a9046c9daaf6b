#pragma once
/// @file Stopping cleanly: SIGINT, SIGTERM and SIGHUP remove the temporary outputs of the
/// process (assetmap/core/temp_path.hpp) before the signal ends it.

namespace assetmap::tools {

/// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (threads started later inherit
/// the mask) and starts a thread that waits for them. On one it removes every registered
/// temporary output, says so on stderr, and lets the signal end the process with its usual
/// status (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP in a shell). Call once, from
/// main, before any other thread starts.
void install_interrupt_cleanup();

/// Hands the stop signals back: ends the waiting thread and unblocks the signals in the
/// calling thread, for a command that waits for them itself (serve stops cleanly on SIGINT
/// or SIGTERM). Temporary outputs made after this are no longer removed on a signal.
void stop_interrupt_cleanup();

}  // namespace assetmap::tools
