package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CollationsTest {

  @ParameterizedTest
  @CsvSource({
      "45,UTF-8", "46,UTF-8", "224,UTF-8", "247,UTF-8", "255,UTF-8", "309,UTF-8", "323,UTF-8",
      "33,UTF-8", "76,UTF-8", "83,UTF-8", "192,UTF-8", "215,UTF-8", "223,UTF-8",
      "5,windows-1252", "8,windows-1252", "15,windows-1252", "31,windows-1252", "47,windows-1252", "48,windows-1252",
      "49,windows-1252", "94,windows-1252",
      "11,US-ASCII", "65,US-ASCII",
      "35,UTF-16BE", "54,UTF-16BE", "56,UTF-16LE", "62,UTF-16LE", "60,UTF-32BE",
      "26,windows-1250", "51,windows-1251", "57,windows-1256", "59,windows-1257",
      "13,Shift_JIS", "12,EUC-JP", "19,EUC-KR", "24,GB2312", "28,GBK", "1,Big5", "248,GB18030",
      "7,KOI8-R", "22,KOI8-U", "9,ISO-8859-2", "25,ISO-8859-7", "16,ISO-8859-8", "30,ISO-8859-9",
      "41,ISO-8859-13", "4,IBM850", "36,IBM866", "18,TIS-620", "95,windows-31j"})
  void mapsCollationIdsToCharsets(int id, String charset) {
    assertThat(Collations.charset(id)).isEqualTo(Charset.forName(charset));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 3, 63, 254, 324, 1023, 1024, Integer.MAX_VALUE})
  void unknownUnsupportedAndBinaryFallBackToUtf8(int id) {
    assertThat(Collations.charset(id)).isEqualTo(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({"63,true", "45,false", "0,false", "8,false"})
  void onlySixtyThreeIsBinary(int id, boolean binary) {
    assertThat(Collations.isBinary(id)).isEqualTo(binary);
  }
}
