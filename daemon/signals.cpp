#include "signals.hpp"

#include <array>
#include <cstring>

#include <unistd.h>

namespace deadlined {

namespace {

constexpr std::array k_stop_signals{SIGTERM, SIGINT, SIGQUIT, SIGXCPU, SIGPWR};
// Timers and I/O notices the daemon never asks for, "reopen logs" requests
// (it keeps no log file), and terminal stops (a daemon has no terminal job
// control; SIGSTOP still stops it).
constexpr std::array k_ignored_signals{SIGUSR1, SIGUSR2,   SIGALRM, SIGVTALRM, SIGPROF,
                                       SIGPOLL, SIGSTKFLT, SIGTSTP, SIGTTIN,   SIGTTOU};
// SIGABRT is not among them: it is how systemd's watchdog (WatchdogSec) and an
// operator ask a hung daemon for a core dump, so it keeps its default action.
constexpr std::array k_fault_signals{SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};

std::vector<int> make_handled_signals() {
  std::vector<int> signals{SIGHUP};
  signals.insert(signals.end(), k_stop_signals.begin(), k_stop_signals.end());
  signals.insert(signals.end(), k_ignored_signals.begin(), k_ignored_signals.end());
  // Real-time signals end the process by default too; glibc keeps the first
  // few for itself, SIGRTMIN is the first an application may use.
  for (int signal = SIGRTMIN; signal <= SIGRTMAX; ++signal) {
    signals.push_back(signal);
  }
  return signals;
}

// Only async-signal-safe calls from here on.
void append(char* buffer, std::size_t& used, std::size_t capacity, const char* text) {
  for (; *text != '\0' && used + 1 < capacity; ++text) {
    buffer[used++] = *text;
  }
}

void append_number(char* buffer, std::size_t& used, std::size_t capacity, long value) {
  char digits[24];
  std::size_t count = 0;
  unsigned long rest = value < 0 ? 0UL : static_cast<unsigned long>(value);
  do {
    digits[count++] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest != 0 && count < sizeof digits);
  while (count > 0 && used + 1 < capacity) {
    buffer[used++] = digits[--count];
  }
}

void on_fault_signal(int signal, siginfo_t* info, void* /*context*/) {
  const bool sent =
      info != nullptr && (info->si_code == SI_USER || info->si_code == SI_QUEUE) && info->si_pid != ::getpid();
  if (sent) {
    char line[160];
    std::size_t used = 0;
    append(line, used, sizeof line, "deadlined: received ");
    const char* abbreviation = ::sigabbrev_np(signal);
    append(line, used, sizeof line, "SIG");
    append(line, used, sizeof line, abbreviation != nullptr ? abbreviation : "?");
    append(line, used, sizeof line, " from PID ");
    append_number(line, used, sizeof line, info->si_pid);
    append(line, used, sizeof line, ", ignored (not a fault of this process)\n");
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line, used);
    return;
  }
  // A fault of this process: its default action, a core dump, once the
  // handler returns (the signal is blocked until then).
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigemptyset(&fallback.sa_mask);
  ::sigaction(signal, &fallback, nullptr);
  ::raise(signal);
}

}  // namespace

const std::vector<int>& handled_signals() {
  static const std::vector<int> signals = make_handled_signals();
  return signals;
}

SignalAction signal_action(int signal) {
  if (signal == SIGHUP) {
    return SignalAction::reload;
  }
  for (int stop : k_stop_signals) {
    if (signal == stop) {
      return SignalAction::stop;
    }
  }
  return SignalAction::ignore;
}

std::string signal_name(int signal) {
  if (signal >= SIGRTMIN && signal <= SIGRTMAX) {
    if (signal == SIGRTMAX) {
      return "SIGRTMAX";
    }
    return signal == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + std::to_string(signal - SIGRTMIN);
  }
  if (const char* abbreviation = ::sigabbrev_np(signal)) {
    return std::string("SIG") + abbreviation;
  }
  return "signal " + std::to_string(signal);
}

sigset_t signals_held_while_starting() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : handled_signals()) {
    if (signal != SIGINT && signal != SIGTERM) {
      sigaddset(&set, signal);
    }
  }
  return set;
}

sigset_t all_handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : handled_signals()) {
    sigaddset(&set, signal);
  }
  return set;
}

void ignore_fault_signals_sent_by_others() {
  struct sigaction action {};
  action.sa_sigaction = on_fault_signal;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  for (int signal : k_fault_signals) {
    ::sigaction(signal, &action, nullptr);
  }
}

}  // namespace deadlined
