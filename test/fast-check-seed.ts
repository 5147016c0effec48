// Property tests draw from one fixed seed, so a CI run can be repeated exactly: a law that fails, fails
// again on the same machine or another. Hunting for new counterexamples is a local job: set FC_SEED
// (any integer, or `random`) and ENGINE_PROPERTY_RUNS to search further.
import fc from 'fast-check';

const requested = process.env.FC_SEED;
const seed = requested === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : Number(requested ?? 20261202);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${JSON.stringify(requested)}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
