// A lean data-plane server in its own process (its own DATABASE_URL), for the readiness tests: prints its
// base URL on stdout, serves until killed.
import { listenDataPlane } from './dataplane';

const { base } = await listenDataPlane();
process.stdout.write(`${base}\n`);
