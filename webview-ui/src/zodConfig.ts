import { config } from 'zod';

// zod probes `new Function` (when schemas are built) for its fast path; the CSP forbids eval
// and Chrome reports even the caught attempt. Must run before the contract module loads.
config({ jitless: true });
