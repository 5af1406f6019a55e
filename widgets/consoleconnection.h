#pragma once

namespace leasedesk {

class EngineController;
class MainWindow;

// Wires the console to the engine: every signal one way, every request the other, all
// queued across the engine thread. One place, so the GUI's main() and the test that drives
// the window over a running simulated lab connect the same things.
void connectConsole(MainWindow &window, EngineController &engine);

} // namespace leasedesk
