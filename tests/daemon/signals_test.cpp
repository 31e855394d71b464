// What each signal does to the daemon (daemon/signals.cpp): every signal
// whose default action ends a process is a request or ignored, and a fault
// signal sent by another process is ignored while a real fault still ends it.
#include <algorithm>
#include <csignal>
#include <set>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "signals.hpp"

namespace deadlined {
namespace {

TEST(Signals, EverySignalThatWouldEndTheDaemonHasAnAction) {
  // Default action ignore, stop or continue; caught by SIG_IGN at start
  // (SIGPIPE, SIGXFSZ); uncatchable; or faults (their own handler).
  const std::set<int> not_in_the_set{SIGKILL, SIGSTOP, SIGCHLD, SIGCONT, SIGURG,  SIGWINCH, SIGPIPE, SIGXFSZ,
                                     SIGSEGV, SIGBUS,  SIGILL,  SIGFPE,  SIGTRAP, SIGSYS,   SIGABRT};
  const auto& handled = handled_signals();
  for (int signal = 1; signal <= SIGRTMAX; ++signal) {
    if (signal > SIGSYS && signal < SIGRTMIN) {
      continue;  // glibc's own real-time signals: no process may send them meaningfully
    }
    const bool in_set = std::find(handled.begin(), handled.end(), signal) != handled.end();
    EXPECT_NE(in_set, not_in_the_set.contains(signal)) << signal_name(signal);
  }
}

TEST(Signals, ActionsAndNames) {
  EXPECT_EQ(signal_action(SIGHUP), SignalAction::reload);
  for (int stop : {SIGTERM, SIGINT, SIGQUIT, SIGXCPU, SIGPWR}) {
    EXPECT_EQ(signal_action(stop), SignalAction::stop) << signal_name(stop);
  }
  for (int ignored : {SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGPOLL, SIGTSTP, SIGRTMIN, SIGRTMAX}) {
    EXPECT_EQ(signal_action(ignored), SignalAction::ignore) << signal_name(ignored);
  }
  EXPECT_EQ(signal_name(SIGALRM), "SIGALRM");
  EXPECT_EQ(signal_name(SIGRTMIN), "SIGRTMIN");
  EXPECT_EQ(signal_name(SIGRTMIN + 3), "SIGRTMIN+3");
  EXPECT_EQ(signal_name(SIGRTMAX), "SIGRTMAX");
}

TEST(Signals, AllButSigintAndSigtermAreHeldWhileStarting) {
  const sigset_t held = signals_held_while_starting();
  EXPECT_FALSE(sigismember(&held, SIGINT));
  EXPECT_FALSE(sigismember(&held, SIGTERM));
  for (int signal : {SIGHUP, SIGQUIT, SIGUSR1, SIGALRM, SIGPROF, SIGRTMIN, SIGRTMAX}) {
    EXPECT_TRUE(sigismember(&held, signal)) << signal_name(signal);
  }
}

// A child with the fault handlers (and no core file), alive for about two
// seconds; returns once they are installed. -1 when it could not be started.
pid_t start_child_with_fault_handlers() {
  int ready[2];
  if (::pipe(ready) != 0) {
    return -1;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ignore_fault_signals_sent_by_others();
    ::close(ready[0]);
    [[maybe_unused]] const auto written = ::write(ready[1], "x", 1);
    for (int i = 0; i < 40; ++i) {
      ::usleep(50 * 1000);
    }
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  const bool started = child > 0 && ::read(ready[0], &byte, 1) == 1;
  ::close(ready[0]);
  return started ? child : -1;
}

// Killed with each fault signal, the child lives.
TEST(Signals, FaultSignalsSentByAnotherProcessAreIgnored) {
  const pid_t child = start_child_with_fault_handlers();
  ASSERT_GT(child, 0);
  for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS}) {
    ASSERT_EQ(::kill(child, signal), 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status)) << "ended by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// SIGABRT from another process (systemd's watchdog, `kill -ABRT`) still
// ends the process with a core dump: it is how a hung daemon is diagnosed.
TEST(Signals, SigabrtFromAnotherProcessStillEndsTheProcess) {
  const pid_t child = start_child_with_fault_handlers();
  ASSERT_GT(child, 0);
  ASSERT_EQ(::kill(child, SIGABRT), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGABRT);
}

// A real fault with the handlers installed ends the process as before.
TEST(Signals, ARealFaultStillEndsTheProcess) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ignore_fault_signals_sent_by_others();
    ::raise(SIGSEGV);  // SI_TKILL from this very process: a fault, not a stray kill
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGSEGV);
}

}  // namespace
}  // namespace deadlined
