/**
 * The users function: GET /v1/users/profile and PUT /v1/users/preferences.
 */
import { NotFoundError } from '../../../agents/errors.js';
import { UserPreferences } from '../../../agents/schemas/user.js';
import { parseDomain } from '../../../agents/schemas/wire.js';
import { createFunctionHandler } from '../http.js';
import { assertKnownCurrency, callerId, say } from '../services/common.js';
import { profileView, travelStats } from '../services/profile.js';

export const handler = createFunctionHandler('users', {
  getProfile: async (req, rt) => {
    const userId = callerId(req);
    const user = await rt.repos.users.getById(userId);
    if (!user) throw new NotFoundError('User not found', { context: { userId } });
    const stats = await travelStats(rt.repos.plans, rt.providers.rates, userId, user.preferences.currency);
    return { data: profileView(user, stats) };
  },

  updatePreferences: async (req, rt) => {
    const userId = callerId(req);
    if (req.body.currency) assertKnownCurrency(rt.providers.rates, req.body.currency, 'currency');
    const user = await rt.repos.users.getById(userId);
    if (!user) throw new NotFoundError('User not found', { context: { userId } });
    // Given fields replace the stored ones; the rest stay. The merged whole is validated again.
    const preferences = parseDomain(UserPreferences, { ...user.preferences, ...req.body }, req.lang);
    const updated = await rt.repos.users.update(userId, { preferences });
    return { data: updated.preferences, message: say(req.lang, '偏好已更新', 'Preferences updated') };
  },
});
