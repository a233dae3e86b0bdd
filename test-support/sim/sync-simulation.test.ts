// The sync engine's deterministic simulation in CI, first half of the seeds (see sim-suite.ts).
import { simulationSuite } from './sim-suite';

simulationSuite(0, 2);
