// The fault matrix, first half of the providers (split so the halves run in parallel).
import { faultMatrix } from './helpers/fault-matrix.js';

faultMatrix(['native', 'snaptik', 'vidgap']);
