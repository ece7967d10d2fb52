package io.venice.e2ee.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options commands share are declared once, in the {@link VeniceOptions} and {@link ProviderOption} mixins:
 * every command that takes one gets it from there, with the same name, help and behaviour.
 */
class SharedOptionsTest {
    private static final List<String> ONLINE = List.of("--base-url", "--api-key-file", "--policy", "--trust-anchor",
            "--allow-sha256-nonce", "--provider");
    private static final Map<String, List<String>> TAKES = Map.of(
            "chat", ONLINE, "models", ONLINE, "verify-signature", ONLINE, "attest", ONLINE,
            "encrypt", List.of("--provider"), "decrypt", List.of("--provider"), "keygen", List.of("--provider"));

    private static OptionSpec declaredBy(Class<?> mixin, String name) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(newInstance(mixin));
        OptionSpec option = spec.findOption(name);
        if (option == null) {
            for (CommandSpec nested : spec.mixins().values()) {
                option = option != null ? option : nested.findOption(name);
            }
        }
        return option;
    }

    private static Object newInstance(Class<?> type) {
        try {
            var c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyCommandTakesTheSharedOptionsFromTheMixins() {
        CommandLine root = new CommandLine(new Main());
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            List<String> expected = TAKES.getOrDefault(sub.getKey(), List.of());
            for (String name : ONLINE) {
                OptionSpec option = spec.findOption(name);
                if (!expected.contains(name)) {
                    assertThat(option).as("%s %s", sub.getKey(), name).isNull();
                    continue;
                }
                assertThat(option).as("%s takes %s", sub.getKey(), name).isNotNull();
                // a mixed-in option's value lives in the mixin object; a re-declared one in the command itself
                Object holder = ownerOf(spec, option);
                assertThat(holder).as("%s %s comes from a mixin", sub.getKey(), name)
                        .isInstanceOfAny(VeniceOptions.class, ProviderOption.class);
                OptionSpec declared = declaredBy(name.equals("--provider") ? ProviderOption.class : VeniceOptions.class,
                        name);
                assertThat(option.description()).as("%s %s help", sub.getKey(), name)
                        .containsExactly(declared.description());
                checked.add(sub.getKey() + " " + name);
            }
        }
        assertThat(checked).as("every command that takes shared options was looked at")
                .hasSize(TAKES.values().stream().mapToInt(List::size).sum());
    }

    /** The mixin object whose field holds {@code option}, or the command object when the command declares it. */
    private static Object ownerOf(CommandSpec spec, OptionSpec option) {
        for (CommandSpec mixin : spec.mixins().values()) {
            Object found = ownerIn(mixin, option);
            if (found != null) {
                return found;
            }
        }
        return spec.userObject();
    }

    private static Object ownerIn(CommandSpec mixin, OptionSpec option) {
        for (OptionSpec o : mixin.options()) {
            if (o == option) {
                for (CommandSpec nested : mixin.mixins().values()) {
                    Object deeper = ownerIn(nested, option);
                    if (deeper != null) {
                        return deeper;
                    }
                }
                return mixin.userObject();
            }
        }
        return null;
    }

    @Test
    void anUnknownPolicyIsAUsageErrorOnEveryOnlineCommand() {
        for (List<String> args : List.of(List.of("chat", "hi"), List.of("models"), List.of("attest"),
                List.of("verify-signature", "--model", "m", "--request-id", "r"))) {
            String command = args.get(0);
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--policy", "paranoid", "--base-url", "http://127.0.0.1:9/api/v1"));
            CliRun r = CliRun.run("", all.toArray(String[]::new));
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).contains("basic, tdx, dcap or full");
            assertThat(r.oneErrorLine()).as(command).isTrue();
        }
    }

    @Test
    void helpShowsEachSharedOptionOnce() {
        for (String command : List.of("chat", "attest", "models", "verify-signature")) {
            String help = CliRun.run("", command, "--help").out();
            for (String name : ONLINE) {
                Matcher listed = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "(?:[= ]|$)").matcher(help);
                int times = 0;
                while (listed.find()) {
                    times++;
                }
                assertThat(times).as("%s --help lists %s once:%n%s", command, name, help).isEqualTo(1);
            }
        }
        assertThat(CliRun.run("", "attest", "--help").out().replaceAll("\\s+", " ")).contains("default full")
                .contains("attest --evidence: dcap");
    }
}
