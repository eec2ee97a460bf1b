// TCP layer: connection tracking and per-direction stream reassembly (see tracker.ts).
export { TcpTracker } from './tracker.js';
