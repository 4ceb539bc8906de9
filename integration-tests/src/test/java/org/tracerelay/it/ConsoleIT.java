package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console at /console/ in headless Chromium (Debian's chromium and chromedriver), against
 * the suite's relay and fake collectors. Each test leaves a screenshot in target/console-screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {

    private static final String CONSOLE = "http://localhost:8080/console/";
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private WebDriver browser;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,1300", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) throws IOException {
        try {
            shot(test.getTestMethod().orElseThrow().getName());
        } finally {
            browser.quit();
        }
    }

    /** Saves what the browser shows as target/console-screenshots/NAME.png. */
    private void shot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("it.target.dir", "target"), "console-screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void consoleIsServedAtConsoleWithAStrictContentSecurityPolicy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(CONSOLE)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Trace Relay console"), page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'") && !csp.contains("unsafe"), csp);
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create("http://localhost:8080/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(bare.headers().firstValue("Location").orElse("").contains("9990"), "no redirect to the management console");
        HttpResponse<String> chart = http.send(HttpRequest.newBuilder(URI.create(CONSOLE + "vendor/uplot/dist/uPlot.esm.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chart.statusCode(), "the chart library is served by the relay itself");

        browser.get(CONSOLE);
        waitFor(By.id("token"));
    }

    @Test
    void editorRegistersConfiguresOtlpSwitchesTracingOnAndSeesTheWorkflowDelivered() throws Exception {
        String tenant = "console-editor";
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            signIn(Tokens.of(tenant, "editor", "viewer"));
            assertEquals(tenant, text(By.id("tenant")));

            // register
            String appId = waitFor(By.id("new-app-id")).getDomProperty("value");
            browser.findElement(By.id("new-app-name")).sendKeys("Console bot");
            browser.findElement(By.id("register")).click();
            waitText(By.id("app-title"), "Console bot");
            assertEquals("Console bot", Relay.expect(200, Relay.send("GET", "apps/" + appId, Tokens.of(tenant, "viewer"), null))
                    .json().getString("name"));

            // otlp against the fake collector, with a secret header
            WebElement oldForm = waitFor(By.id("provider-config"));
            new Select(browser.findElement(By.id("config-provider"))).selectByValue("otlp");
            wait(Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(oldForm));
            waitFor(By.id("config-endpoint")).sendKeys(collector.endpoint());
            browser.findElement(By.id("config-headers")).sendKeys("authorization=Bearer console-secret");
            browser.findElement(By.id("save-config")).click();
            waitText(By.id("config-answer"), "accepted");
            String masked = waitFor(By.id("config-headers")).getDomProperty("value");
            assertTrue(masked.contains("*") && !masked.contains("console-secret"), "secret shown masked: " + masked);
            assertFalse(collector.probes().isEmpty(), "the relay checked the settings against the collector");

            // saving again with the masked value keeps the stored secret
            WebElement savedForm = browser.findElement(By.id("provider-config"));
            browser.findElement(By.id("save-config")).click();
            wait(Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(savedForm));
            waitText(By.id("config-answer"), "accepted");

            // tracing on, provider otlp
            WebElement enabled = waitFor(By.id("tracing-enabled"));
            if (!enabled.isSelected()) {
                enabled.click();
            }
            new Select(browser.findElement(By.id("tracing-provider"))).selectByValue("otlp");
            browser.findElement(By.id("save-tracing")).click();
            waitText(By.id("tracing-answer"), "tracing on");
            var tracing = Relay.send("GET", "apps/" + appId + "/trace", Tokens.of(tenant, "viewer"), null).json();
            assertTrue(tracing.getBoolean("enabled"));
            assertEquals("otlp", tracing.getString("tracing_provider"));

            // a workflow through the API: its delivery turns delivered in the table
            String run = UUID.randomUUID().toString();
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                    Samples.array(Samples.workflow(appId, run, null, UUID.randomUUID().toString(), UUID.randomUUID().toString()))));
            refreshUntil("a delivered row", b -> rows("delivered").size() == 1 && rows("pending").isEmpty());
            WebElement row = rows("delivered").get(0);
            assertEquals("1", row.findElements(By.tagName("td")).get(4).getText(), "attempts");
            assertTrue(collector.acceptedSpans().size() >= 3, "run and two nodes reached the collector");
            assertEquals("Bearer console-secret", collector.requests().get(0).headers().get("Authorization").get(0),
                    "the secret kept through the masked save");

            // filters, the chart (uPlot draws on a canvas)
            filter("dead");
            waitFor(By.id("no-deliveries"));
            filter("delivered");
            wait(DELIVERY).until(b -> rows("delivered").size() == 1);
            waitFor(By.cssSelector("#activity-chart canvas"));
            shot("console-app");

            // the read routes the console added to the API: the tenant's apps, and the app's activity
            var listed = Relay.expect(200, Relay.send("GET", "apps", Tokens.of(tenant, "viewer"), null)).json().getJsonArray("apps");
            assertEquals(1, listed.size());
            assertEquals(appId, listed.getJsonObject(0).getString("app_id"));
            assertTrue(listed.getJsonObject(0).getBoolean("tracing_enabled"));
            assertTrue(Relay.send("GET", "apps", Tokens.of("someone-else", "viewer"), null).json().getJsonArray("apps").isEmpty(),
                    "another tenant lists nothing of this one");
            var activity = Relay.expect(200, Relay.send("GET", "apps/" + appId + "/deliveries/activity", Tokens.of(tenant, "viewer"), null)).json();
            var minutes = activity.getJsonArray("per_minute");
            assertEquals(60, minutes.size());
            assertEquals(1, minutes.stream().mapToInt(m -> m.asJsonObject().getInt("delivered")).sum());
            assertEquals(0, minutes.stream().mapToInt(m -> m.asJsonObject().getInt("dead")).sum());
            assertTrue(activity.getJsonArray("backlog").isEmpty(), "nothing waits");
            Relay.expect(404, Relay.send("GET", "apps/" + appId + "/deliveries/activity", Tokens.of("someone-else", "viewer"), null));

            // rename
            WebElement name = browser.findElement(By.id("app-name"));
            name.clear();
            name.sendKeys("Console bot 2");
            browser.findElement(By.id("rename")).click();
            waitText(By.id("app-title"), "Console bot 2");
            waitText(By.id("apps"), "Console bot 2");

            // tenant key rotation: cancel does nothing, confirm rotates
            browser.findElement(By.id("rotate-key")).click();
            waitText(By.id("confirm-text"), tenant);
            browser.findElement(By.id("confirm-cancel")).click();
            browser.findElement(By.id("rotate-key")).click();
            waitFor(By.id("confirm-ok")).click();
            waitText(By.id("notice"), "Tenant key rotated");

            // delete, with a confirmation that says what goes
            browser.findElement(By.id("delete-app")).click();
            waitText(By.id("confirm-text"), "deliveries");
            assertTrue(text(By.id("confirm-text")).contains(appId));
            browser.findElement(By.id("confirm-ok")).click();
            waitText(By.id("notice"), "Deleted");
            Relay.expect(404, Relay.send("GET", "apps/" + appId, Tokens.of(tenant, "viewer"), null));

            // sign out forgets the token
            browser.findElement(By.id("sign-out")).click();
            waitFor(By.id("token"));
            assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-token')"));
        }
    }

    @Test
    void deadDeliveriesAreRedrivenFromThePageOneAndAll() throws Exception {
        String tenant = "console-redrive";
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> new FakeOtlpCollector.Answer(400, null));
            String appId = Relay.appTracingTo(tenant, collector.endpoint(), "");
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                    Samples.array(Samples.moderation(appId, "one"), Samples.moderation(appId, "two"), Samples.moderation(appId, "three"))));
            Relay.await("3 dead", DELIVERY, () -> Relay.deliveries(tenant, appId, "dead").size() == 3);
            assertEquals(1, Relay.expect(200, Relay.send("GET", "apps/" + appId + "/deliveries?limit=2&offset=2",
                    Tokens.of(tenant, "viewer"), null)).json().getJsonArray("deliveries").size(), "the third of three on page two");
            var minutes = Relay.send("GET", "apps/" + appId + "/deliveries/activity", Tokens.of(tenant, "viewer"), null).json()
                    .getJsonArray("per_minute");
            assertEquals(3, minutes.stream().mapToInt(m -> m.asJsonObject().getInt("dead")).sum());

            signIn(Tokens.of(tenant, "editor"));
            openApp(appId);
            filter("dead");
            wait(DELIVERY).until(b -> rows("dead").size() == 3);
            WebElement dead = rows("dead").get(0);
            assertEquals("http_400", dead.findElements(By.tagName("td")).get(5).getText());
            String id = dead.getDomAttribute("data-delivery-id");
            shot("console-dead-deliveries");

            // the backend was fixed: one redriven from its row, then the rest at once
            collector.answer(r -> FakeOtlpCollector.Answer.OK);
            dead.findElement(By.cssSelector("button.redrive-one")).click();
            waitText(By.id("notice"), "Redrove 1 delivery");
            Relay.await("the redriven one delivered", DELIVERY, () -> Relay.deliveries(tenant, appId, "delivered").stream()
                    .anyMatch(d -> d.getString("id").equals(id)));
            browser.findElement(By.id("redrive-all")).click();
            waitText(By.id("confirm-text"), "dead delivery");
            browser.findElement(By.id("confirm-ok")).click();
            waitText(By.id("notice"), "Redrove 2 dead deliveries");
            filter("all");
            refreshUntil("3 delivered rows", b -> rows("delivered").size() == 3);
            assertEquals(3, Marker.after(tenant, appId, collector).spansBesides(collector).size(), "each redriven one sent once");
        }
    }

    /**
     * Markup through every field the console shows that a caller or a backend can fill: the app's
     * name and mode (app title, the apps list, the delete confirmation), a provider's field values
     * (Phoenix's project, in its input and in the project link), a delivery's last_error. Task ids
     * cannot carry any: intake takes only UUIDs.
     */
    @Test
    void stringsFromTheApiAreShownAsTextAndNothingRuns() throws Exception {
        String tenant = "console-xss";
        String name = "<img src=x onerror=alert(2)>";
        String mode = "<svg onload=alert(6)>";
        String project = "<img src=x onerror=alert(3)>";
        try (FakeOtlpCollector collector = new FakeOtlpCollector(); FakeOtlpCollector phoenix = new FakeOtlpCollector()) {
            collector.answer(r -> new FakeOtlpCollector.Answer(400, null));
            String appId = Relay.appTracingTo(tenant, collector.endpoint(), "");
            String editor = Tokens.of(tenant, "editor");
            Relay.expect(200, Relay.send("PUT", "apps/" + appId, editor, jakarta.json.Json.createObjectBuilder()
                    .add("name", name).add("mode", mode).build().toString()));
            Relay.expect(201, Relay.send("POST", "apps/" + appId + "/trace-config", editor, jakarta.json.Json.createObjectBuilder()
                    .add("tracing_provider", "phoenix").add("tracing_config", jakarta.json.Json.createObjectBuilder()
                            .add("api_key", "px-key-1").add("project", project).add("endpoint", phoenix.endpoint()))
                    .build().toString()));
            String markupId = "<img src=x onerror=alert(5)>";
            assertEquals(List.of("items[0].task_id"), Relay.expect(400, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                    Samples.array(Samples.withTaskId(Samples.moderation(appId, "x"), markupId)))).json().getJsonArray("errors")
                    .getValuesAs(jakarta.json.JsonValue::asJsonObject).stream().map(e -> e.getString("path")).toList(),
                    "a task id with markup is refused at intake");
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"), Samples.array(Samples.moderation(appId, "x"))));
            Relay.await("1 dead", DELIVERY, () -> Relay.deliveries(tenant, appId, "dead").size() == 1);
            // A backend's error text is what the relay keeps least under its control: put the payload there.
            setLastError(Relay.deliveries(tenant, appId, "dead").get(0).getString("id"), XSS);

            signIn(Tokens.of(tenant, "editor"));
            // The page is one document from here on: note every CSP violation it reports.
            ((JavascriptExecutor) browser).executeScript("window.policyViolations = [];"
                    + "document.addEventListener('securitypolicyviolation', e => window.policyViolations.push(e.violatedDirective));");
            waitText(By.id("apps"), name);
            openApp(appId);
            waitText(By.id("app-title"), name);
            assertTrue(browser.findElement(By.id("app-detail")).getText().contains("mode " + mode), "the mode as text");
            wait(DELIVERY).until(b -> rows("dead").size() == 1);
            WebElement error = rows("dead").get(0).findElement(By.cssSelector("td.error"));
            assertEquals(XSS, error.getText());

            WebElement otlpForm = waitFor(By.id("provider-config"));
            new Select(browser.findElement(By.id("config-provider"))).selectByValue("phoenix");
            wait(Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(otlpForm));
            assertEquals(project, waitFor(By.id("config-project")).getDomProperty("value"), "the project in its field, as it is");
            assertTrue(text(By.id("project-url")).startsWith(phoenix.endpoint() + "/projects/"), text(By.id("project-url")));

            browser.findElement(By.id("delete-app")).click();
            waitText(By.id("confirm-text"), name);
            browser.findElement(By.id("confirm-cancel")).click();

            assertTrue(browser.findElements(By.cssSelector("img, svg")).isEmpty(), "no element was made from API text");
            try {
                browser.switchTo().alert();
                throw new AssertionError("an alert opened: API text ran as script");
            } catch (NoAlertPresentException expected) {
                // nothing ran
            }
            assertEquals(List.of(), ((JavascriptExecutor) browser).executeScript("return window.policyViolations"),
                    "nothing even tried to run against the Content-Security-Policy");
        }
    }

    @Test
    void aViewerSeesEverythingAndCanChangeNothing() throws Exception {
        String tenant = "console-viewer";
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> new FakeOtlpCollector.Answer(400, null));
            String appId = Relay.appTracingTo(tenant, collector.endpoint(), "authorization=Bearer viewer-cannot-see");
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"), Samples.array(Samples.moderation(appId, "v"))));
            Relay.await("1 dead", DELIVERY, () -> Relay.deliveries(tenant, appId, "dead").size() == 1);

            signIn(Tokens.of(tenant, "viewer"));
            waitFor(By.id("read-only"));
            assertTrue(browser.findElements(By.id("register-app")).isEmpty(), "no register form");
            assertFalse(browser.findElement(By.id("rotate-key")).isDisplayed(), "no key rotation");
            openApp(appId);
            waitFor(By.id("config-endpoint"));
            wait(DELIVERY).until(b -> rows("dead").size() == 1);
            for (String id : List.of("app-name", "rename", "tracing-enabled", "tracing-provider", "save-tracing", "delete-app",
                    "config-endpoint", "config-headers", "save-config", "delete-config")) {
                assertFalse(browser.findElement(By.id(id)).isEnabled(), id + " is read-only");
            }
            String headers = browser.findElement(By.id("config-headers")).getDomProperty("value");
            assertFalse(headers.contains("viewer-cannot-see"), "the secret is masked: " + headers);
            assertTrue(browser.findElements(By.cssSelector("button.redrive-one")).isEmpty(), "no redrive");
            assertTrue(browser.findElements(By.id("redrive-all")).isEmpty(), "no redrive all");

            // Past the page, the API itself refuses the viewer's token.
            Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch('/api/v1/apps/' + arguments[0], {method: 'DELETE', headers: {Authorization: 'Bearer '"
                            + " + sessionStorage.getItem('trace-relay-token')}}).then(r => done(r.status), e => done(String(e)));", appId);
            assertEquals(403L, status);
            Relay.expect(200, Relay.send("GET", "apps/" + appId, Tokens.of(tenant, "viewer"), null));
        }
    }

    @Test
    void signInThroughTheOrganisationsProviderShowsTheTenantsApps() throws Exception {
        String appId = registered("oidc-acme", "Acme OIDC bot");

        signInWithProvider("alice");
        waitFor(By.id("apps-section"));
        assertEquals("oidc-acme", text(By.id("tenant")));
        waitText(By.id("apps"), "Acme OIDC bot");
        assertFalse(browser.getCurrentUrl().contains("code="), "the code leaves the address bar: " + browser.getCurrentUrl());
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-oidc-pending')"));
        String issued = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-token')");
        assertTrue(Relay.expect(200, Relay.send("GET", "apps/" + appId, issued, null)).json().getString("name").equals("Acme OIDC bot"),
                "the provider's token is checked against its key set by the API itself");
        String csp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(CONSOLE)).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("connect-src 'self' " + Keycloak.URL + ";"), csp);
    }

    @Test
    void aProviderTokenOfAnotherTenantSeesNothingOfThisTenant() throws Exception {
        String appId = registered("oidc-acme", "Acme private bot");

        signInWithProvider("bob");
        waitFor(By.id("apps-section"));
        assertEquals("oidc-globex", text(By.id("tenant")));
        waitText(By.id("apps-section"), "Register an app");
        assertFalse(browser.findElement(By.id("apps-section")).getText().contains("Acme private bot"));
        String bobs = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-token')");
        Relay.expect(404, Relay.send("GET", "apps/" + appId, bobs, null));
        Relay.expect(404, Relay.send("GET", "apps/" + appId + "/deliveries", bobs, null));
        assertTrue(Relay.send("GET", "apps", bobs, null).json().getJsonArray("apps").stream()
                .noneMatch(a -> a.asJsonObject().getString("app_id").equals(appId)));
    }

    @Test
    void aProviderTokenWithoutTheNeededGroupIsRefused() throws Exception {
        signInWithProvider("carol");
        waitText(By.id("sign-in-error"), "groups do not allow");
        waitFor(By.id("oidc-sign-in"));
    }

    @Test
    void anExpiredProviderTokenIsRefusedAndTheConsoleAsksToSignInAgain() throws Exception {
        String fresh = Keycloak.shortLivedToken("alice");
        Relay.expect(200, Relay.send("GET", "apps", fresh, null));
        String expired = Keycloak.shortLivedToken("alice");
        // One second of life, then the server's clock skew (-Dmp.jwt.verify.clock.skew=5) has to pass too.
        Thread.sleep(Duration.ofSeconds(8).toMillis());
        Relay.expect(401, Relay.send("GET", "apps", expired, null));

        browser.get(CONSOLE);
        waitFor(By.id("token"));
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('trace-relay-token', arguments[0]);", expired);
        browser.navigate().refresh();
        waitFor(By.id("sign-in-error"));
        waitFor(By.id("oidc-sign-in"));
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-token')"),
                "the refused token is forgotten");
    }

    @Test
    void anOperatorSeesTheRelaysOwnStateAndNoOtherGroupDoes() throws Exception {
        String tenant = "console-operator";
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String appId = Relay.appTracingTo(tenant, collector.endpoint(), "");
            collector.answer(r -> new FakeOtlpCollector.Answer(503, null));
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                    Samples.array(Samples.moderation(appId, "held"))));
            String destination = "otlp/" + appId;
            String operator = Tokens.of("relay-operators", "operator");
            Relay.await("the destination's breaker held", DELIVERY, () -> Relay.send("GET", "operator/status", operator, null).json()
                    .getJsonArray("destinations").stream().map(d -> d.asJsonObject())
                    .anyMatch(d -> d.getString("destination").equals(destination) && !d.getString("breaker").equals("closed")));
            var status = Relay.expect(200, Relay.send("GET", "operator/status", operator, null)).json();
            assertTrue(status.getJsonArray("nodes").stream().anyMatch(n -> n.asJsonObject().getString("status").equals("ready")), status.toString());
            var load = status.getJsonObject("backlog").getJsonArray("tenants").stream().map(t -> t.asJsonObject())
                    .filter(t -> t.getString("tenant_id").equals(tenant)).findFirst().orElseThrow();
            assertTrue(load.getInt("waiting") >= 1 && load.getJsonNumber("quota").longValue() > 0, load.toString());
            assertTrue(status.getJsonObject("dead_letters").getJsonNumber("count").longValue() >= 0);
            assertFalse(status.toString().contains(collector.endpoint()), "no destination's settings");
            for (String group : List.of("viewer", "editor", "producer")) {
                Relay.expect(403, Relay.send("GET", "operator/status", Tokens.of(tenant, group), null));
            }
            Relay.expect(401, Relay.send("GET", "operator/status", null, null));
            Relay.expect(403, Relay.send("GET", "apps", operator, null));

            signInWithProvider("olga");
            waitFor(By.id("operator-section"));
            waitText(By.id("operator-nodes"), "ready");
            waitText(By.id("operator-tenants"), tenant);
            waitText(By.id("operator-destinations"), destination);
            waitFor(By.id("dead-letters"));
            assertTrue(browser.findElements(By.id("apps-section")).isEmpty(), "an operator sees no tenant's apps");
            String olgas = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('trace-relay-token')");
            Relay.expect(200, Relay.send("GET", "operator/status", olgas, null));
            collector.answer(r -> FakeOtlpCollector.Answer.OK);
            Relay.await("the held task delivered once the backend answers", DELIVERY,
                    () -> Relay.deliveries(tenant, appId, "delivered").size() == 1);
        }
    }

    /** A new app of the tenant, registered through the API; returns its id. */
    private static String registered(String tenant, String name) {
        String appId = UUID.randomUUID().toString();
        Relay.expect(201, Relay.send("PUT", "apps/" + appId, Tokens.of(tenant, "editor"),
                "{\"name\":\"" + name + "\",\"mode\":\"workflow\"}"));
        return appId;
    }

    /** Signs in through Keycloak's own page, as a person would: the console's button, the login form, back. */
    private void signInWithProvider(String user) {
        browser.get(CONSOLE);
        waitFor(By.id("oidc-sign-in")).click();
        waitFor(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(Keycloak.password(user));
        browser.findElement(By.id("kc-login")).click();
        wait(Duration.ofSeconds(30)).until(b -> b.getCurrentUrl().startsWith(CONSOLE) && !b.getCurrentUrl().contains("code="));
    }

    private void signIn(String token) {
        browser.get(CONSOLE);
        WebElement field = waitFor(By.id("token"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field, token);
        browser.findElement(By.id("sign-in")).click();
        waitFor(By.id("apps-section"));
        assertNull(((JavascriptExecutor) browser).executeScript("return localStorage.getItem('trace-relay-token')"));
        assertFalse(browser.getCurrentUrl().contains(token), "the token is never in the URL");
    }

    private void openApp(String appId) {
        waitFor(By.cssSelector("#apps tr[data-app-id='" + appId + "'] a")).click();
        waitFor(By.id("deliveries-section"));
        wait(DELIVERY).until(b -> !b.findElements(By.cssSelector("#deliveries-section h2")).isEmpty());
    }

    /** The deliveries table's rows of one status. */
    private List<WebElement> rows(String status) {
        return browser.findElements(By.cssSelector("#deliveries tbody tr[data-status=" + status + "]"));
    }

    /** Clicks the table's Refresh until the condition holds. */
    private void refreshUntil(String what, Function<WebDriver, Boolean> condition) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (true) {
            click(By.id("refresh-deliveries"));
            try {
                if (wait(Duration.ofSeconds(2)).until(condition)) {
                    return;
                }
            } catch (org.openqa.selenium.TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what);
                }
            }
        }
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(browser, timeout);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** Shows the deliveries of one status (or "all"): returns once the table drawn for it is there. */
    private void filter(String status) {
        click(By.cssSelector("button.filter[data-status=" + status + "]"));
        waitFor(By.cssSelector("button.filter[data-status=" + status + "][aria-pressed=true]"));
    }

    /** Clicks what is there when the click lands: a part drawn again in between is found again. */
    private void click(By what) {
        wait(Duration.ofSeconds(30)).until(b -> {
            b.findElement(what).click();
            return true;
        });
    }

    private WebElement waitFor(By what) {
        return wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void waitText(By what, String part) {
        wait(Duration.ofSeconds(30)).until(b -> {
            List<WebElement> found = b.findElements(what);
            return !found.isEmpty() && found.get(0).getText().contains(part);
        });
    }

    private String text(By what) {
        return waitFor(what).getText();
    }

    /** Sets a delivery's last_error directly in the suite's PostgreSQL (as a remote backend's text would arrive). */
    private static void setLastError(String deliveryId, String error) throws SQLException {
        try (Connection db = DriverManager.getConnection(System.getenv("TRACE_RELAY_DB_URL"), System.getenv("TRACE_RELAY_DB_USER"),
                System.getenv("TRACE_RELAY_DB_PASSWORD"));
             PreparedStatement update = db.prepareStatement("update delivery set last_error = ? where id = ?")) {
            update.setString(1, error);
            update.setString(2, deliveryId);
            assertEquals(1, update.executeUpdate());
        }
    }
}
