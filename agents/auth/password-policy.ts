/**
 * Password policy beyond length and character classes: no password that is on the list of the
 * most common ones, that repeats one character, or that contains the account's own username or
 * e-mail name. Pure logic; the register schema reports each problem as a field detail.
 */

/** The most used passwords of public breach corpora that still pass "8+ characters, letters and digits". */
const COMMON = new Set([
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'passw0rd1',
  'p@ssw0rd',
  'p@ssword1',
  'qwerty123',
  'qwerty1234',
  'qwertyuiop1',
  'abc12345',
  'abcd1234',
  'abc123456',
  'a1234567',
  'a12345678',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'zaq12wsx',
  '1qaz2wsx',
  'iloveyou1',
  'welcome1',
  'welcome123',
  'letmein1',
  'admin123',
  'admin1234',
  'monkey123',
  'dragon123',
  'sunshine1',
  'princess1',
  'football1',
  'baseball1',
  'trustno1',
  'changeme1',
  'test1234',
  'secret123',
  'woaini1314',
  'woaini520',
  'aa123456',
  'aa12345678',
  'qq123456',
  'asd123456',
  'zxc123456',
  'abc123abc',
  '12345678a',
  '123456789a',
  '123qweasd',
  'qweasd123',
  'qweasdzxc1',
]);

export interface PasswordContext {
  username?: string | undefined;
  email?: string | undefined;
}

/** Problems with a password (empty when acceptable). Messages are bilingual, as field details are. */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('this password is too common / 密码过于常见');
  if (/^(.)\1+$/.test(password)) problems.push('must not repeat one character / 不能只重复一个字符');
  const names = [context.username, context.email?.split('@')[0]]
    .filter((n): n is string => typeof n === 'string' && n.length >= 3)
    .map((n) => n.toLowerCase());
  if (names.some((n) => lower.includes(n)))
    problems.push('must not contain your username or e-mail name / 不能包含用户名或邮箱名');
  return problems;
}
