// The sync engine's deterministic simulation in CI, second half of the seeds (see sim-suite.ts).
import { simulationSuite } from './sim-suite';

simulationSuite(1, 2);
