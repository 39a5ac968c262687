package dev.perch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

@DisplayName("DemoShopMain options")
class DemoShopMainTest {

    @Test
    @DisplayName(
            "takes every option of perch-collector (a deployment's collector arguments parse) and"
                    + " shows them in its help")
    void collectorOptions() {
        CommandLine command = new CommandLine(new DemoShopMain());
        command.parseArgs(
                "--bootstrap=perch-kafka-bootstrap:9092",
                "--port=8090",
                "--model-server=http://perch-model-server:8090",
                "--write-keys=file:/etc/perch/write-keys/write-keys",
                "--model-server-key=file:/etc/perch/api-keys/keys",
                "--token-secrets=env:PERCH_TOKEN_SECRETS",
                "--max-streams=64");

        assertThat(command.getCommandSpec().options())
                .extracting(OptionSpec::longestName)
                .contains(
                        "--bootstrap",
                        "--host",
                        "--port",
                        "--write-keys",
                        "--read-keys",
                        "--token-secrets",
                        "--model-server",
                        "--max-streams",
                        "--help")
                .doesNotHaveDuplicates();
        assertThat(command.getUsageMessage())
                .contains("perch-demo-shop")
                .contains("--model-server");
    }
}
