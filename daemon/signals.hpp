#pragma once
// What each signal does to a running daemon. Every signal whose default
// action would end the process is either a request (SIGHUP reloads; SIGTERM,
// SIGINT, SIGQUIT, SIGXCPU and SIGPWR stop it the clean way) or logged and
// ignored (SIGUSR1/2, timers, SIGPOLL, terminal stops, real-time signals):
// no signal an operator, a supervisor or a stray script sends ends it in the
// middle of a delivery. SIGKILL and SIGSTOP cannot be caught.
#include <csignal>
#include <string>
#include <vector>

namespace deadlined {

enum class SignalAction { reload, stop, ignore };

// The signals the event loop's signal set takes, and what each one does.
const std::vector<int>& handled_signals();
SignalAction signal_action(int signal);

// "SIGALRM", "SIGRTMIN+3", "SIGRTMAX".
std::string signal_name(int signal);

// The handled signals but SIGINT and SIGTERM, held from the start of a run
// until the loop's signal set takes them: one that arrives while a large
// configuration loads or the outbox opens is acted on once the loop runs.
// (SIGINT and SIGTERM stay deliverable: a stop during a long load is obeyed
// at once.)
sigset_t signals_held_while_starting();

// Every handled signal, SIGINT and SIGTERM too: held once the daemon has
// stopped, while it exits.
sigset_t all_handled_signals();

// SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS and SIGABRT sent by
// another process (kill, sigqueue) are not faults of this one: logged to
// standard error and ignored. A real fault keeps its default action (a core
// dump), exactly as if nothing were installed.
void ignore_fault_signals_sent_by_others();

}  // namespace deadlined
