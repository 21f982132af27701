export { emptyListHint, listStories, noStorySentence, summarise, type StoryListing, type StorySummary } from './list-stories.js';
export { fetchProfilePage, isSecUid, readProfile, type ProfileInfo, type ProfilePage, type ProfileRef, type StoryContext } from './profile-page.js';
export { LOGIN_HINT, randomDeviceId, storyListUrl } from './story-api.js';
export { parseProfileTarget, resolveProfileTarget } from './profile-target.js';
