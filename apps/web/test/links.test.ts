import { describe, expect, it } from 'vitest';
import { checkLink } from '../src/lib/link.js';

describe('the link doctor on share text with several links', () => {
  it('uses the first post link and offers the others', async () => {
    const check = await checkLink('Follow https://www.tiktok.com/@ana.sketches then https://vm.tiktok.com/ZMhvVid42/ and https://www.tiktok.com/@ana.sketches/photo/7437660142881279278');
    expect(check).toMatchObject({ kind: 'short', resolvable: true, url: 'https://vm.tiktok.com/ZMhvVid42/' });
    expect(check.others).toEqual(['https://www.tiktok.com/@ana.sketches/photo/7437660142881279278']);
  });

  it('a single link offers nothing else', async () => {
    expect((await checkLink('https://vm.tiktok.com/ZMhvVid42/')).others).toBeUndefined();
  });
});
