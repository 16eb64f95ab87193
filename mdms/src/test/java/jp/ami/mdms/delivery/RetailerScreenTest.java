package jp.ami.mdms.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The retailer screen's static resources: present in the jar, typed, and loading nothing from elsewhere. */
class RetailerScreenTest {
    @Test
    void serves_the_page_its_script_and_style_and_nothing_else() {
        assertThat(RetailerScreen.at(RetailerScreen.PAGE).contentType()).startsWith("text/html");
        assertThat(RetailerScreen.at(RetailerScreen.SCRIPT).contentType()).startsWith("text/javascript");
        assertThat(RetailerScreen.at(RetailerScreen.STYLE).contentType()).startsWith("text/css");
        assertThat(RetailerScreen.at("/screen/index.html")).isNull();
        assertThat(RetailerScreen.at("/screen")).isNull();
    }

    @Test
    void the_page_uses_only_the_api_routes_and_same_origin_resources() {
        String page = new String(RetailerScreen.at(RetailerScreen.PAGE).bytes(), StandardCharsets.UTF_8);
        String script = new String(RetailerScreen.at(RetailerScreen.SCRIPT).bytes(), StandardCharsets.UTF_8);
        assertThat(page).contains("src=\"" + RetailerScreen.SCRIPT + "\"").contains("href=\"" + RetailerScreen.STYLE + "\"")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(script).contains(DeliveryHandler.LIST_PATH, DeliveryHandler.FILE_PATH, DeliveryHandler.USAGE_LIST_PATH,
                DeliveryHandler.USAGE_FILE_PATH).doesNotContain("http://").doesNotContain("https://");
    }
}
