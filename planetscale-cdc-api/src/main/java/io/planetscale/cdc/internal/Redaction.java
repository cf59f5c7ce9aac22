package io.planetscale.cdc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts credentials out of free text (exception messages, log lines) before it is shown. Internal:
 * not API, shared by the SDK's modules and its command lines.
 *
 * <p>Only places where a credential really stands are redacted: the password of URL user info
 * ({@code scheme://user:<redacted>@host}), the value of a password field ({@code password=...},
 * {@code keyStorePassword=...}, {@code "password":"..."}), the value of an authorization header
 * ({@code authorization: Basic ...}), a {@code Basic} credential (base64 of {@code user:pass}), and
 * the configured password where it stands as a whole token and is long enough that an ordinary word
 * cannot be it. A password is never cut out of other text: with a password of {@code a}, replacing
 * every {@code a} would mangle every message and, by the pattern of the cuts, reveal the password.
 *
 * <p>An unquoted {@code password:} is left alone: it is how this SDK's own errors name the config
 * key ({@code config: password: expected a string}), and MySQL's {@code (using password: YES)} says
 * only whether one was sent.
 */
public final class Redaction {
  /** What stands in place of a credential. */
  public static final String REDACTED = "<redacted>";

  /**
   * Shortest password that is redacted wherever it stands as a whole token. Shorter ones could be an
   * ordinary word of the message; PlanetScale's generated passwords are far longer.
   */
  public static final int MIN_VERBATIM_LENGTH = 12;

  /** {@code scheme://user:password@}: group 1 keeps everything up to the password's colon. */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#@:]*):[^\\s/?#]*@");

  /** A value: double-quoted (with escapes), single-quoted, or up to a separator. */
  private static final String VALUE = "(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s&;,)}\\]]+)";

  /** {@code "password": "..."} (JSON, quoted key) or {@code password=...} (URL query, properties, toString). */
  private static final Pattern PASSWORD_FIELD = Pattern.compile(
      "(?i)((?:([\"'])[\\w.-]*(?:password|passwd|pwd)\\2\\s*[:=]|\\b[\\w.-]*(?:password|passwd|pwd)\\s*=)\\s*)"
          + VALUE);

  /** {@code authorization: Basic ...}, {@code authorization=Bearer ...} (headers, gRPC Metadata's toString). */
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "(?i)(\\b(?:proxy-)?authorization\\s*[:=]\\s*(?:(?:basic|bearer|digest|token)\\s+)?)" + VALUE);

  /** {@code Basic <base64>}; redacted only when the base64 decodes to {@code user:pass}. */
  private static final Pattern BASIC = Pattern.compile("\\bBasic\\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])");

  private Redaction() {}

  /**
   * @param text any text, or null
   * @param password the configured password, or null/empty when there is none
   * @return the text with every credential in it replaced by {@value #REDACTED}; null for null
   */
  public static String redact(String text, String password) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = URL_USER_INFO.matcher(text).replaceAll("$1:" + REDACTED + "@");
    t = replaceValue(PASSWORD_FIELD, t);
    t = replaceValue(AUTHORIZATION, t);
    t = redactBasic(t);
    return redactVerbatim(t, password);
  }

  /**
   * @param text any text, or null
   * @param password the configured password, or null
   * @return true when {@link #redact} would change the text
   */
  public static boolean needsRedaction(String text, String password) {
    return text != null && !text.equals(redact(text, password));
  }

  /**
   * Whether a whole value (e.g. a config value a user typed) holds the password, so that it must not
   * be shown: it is the password (give or take surrounding blanks), or it contains a password of at
   * least {@value #MIN_VERBATIM_LENGTH} characters. A short password inside a longer value is no
   * reason: "shop table" does not hold the password "shop".
   *
   * @param value the value, or null
   * @param password the password, or null/empty for none
   * @return true when the value must not be shown
   */
  public static boolean holdsPassword(String value, String password) {
    if (value == null || password == null || password.isEmpty()) {
      return false;
    }
    return value.strip().equals(password)
        || (password.length() >= MIN_VERBATIM_LENGTH && value.contains(password));
  }

  /** Keeps group 1 (the key and separator) and the value's quotes, and replaces the value. */
  private static String replaceValue(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(m.groupCount());
      char first = value.charAt(0);
      String quote = first == '"' || first == '\'' ? String.valueOf(first) : "";
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + quote + REDACTED + quote));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String redactBasic(String text) {
    Matcher m = BASIC.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = isUserAndPassword(m.group(1)) ? "Basic " + REDACTED : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * True when the text is base64 of {@code user:pass}, as in a Basic authorization header: it decodes
   * to well-formed UTF-8 without control characters and with a colon. An ordinary word after
   * "Basic" (which may happen to be valid base64) decodes to bytes that fail that test.
   */
  private static boolean isUserAndPassword(String base64) {
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(Base64.getDecoder().decode(base64))).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return false;
    }
    return decoded.indexOf(':') >= 0 && decoded.chars().noneMatch(Character::isISOControl);
  }

  /** The password where it stands as a whole token: not inside a longer word or number. */
  private static String redactVerbatim(String text, String password) {
    if (password == null || password.length() < MIN_VERBATIM_LENGTH) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (int at = text.indexOf(password); at >= 0; at = text.indexOf(password, at + 1)) {
      int end = at + password.length();
      if (at < from || !isBoundary(text, at - 1) || !isBoundary(text, end)) {
        continue;
      }
      out.append(text, from, at).append(REDACTED);
      from = end;
    }
    return from == 0 ? text : out.append(text, from, text.length()).toString();
  }

  private static boolean isBoundary(String text, int index) {
    return index < 0 || index >= text.length() || !Character.isLetterOrDigit(text.charAt(index));
  }
}
