import { tiksaverProject } from '../../vitest.shared';

export default tiksaverProject('web');
