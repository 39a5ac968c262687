package dev.perch.demo;

import dev.perch.collector.CollectorMain;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Command line of the local run's front door: a collector (every option of {@code perch-collector})
 * with the demo shop mounted on its origin ({@link DemoShop}). {@code bin/perch local} starts it; a
 * deployment runs {@code perch-collector}, which serves no shop.
 */
@Command(
        name = "perch-demo-shop",
        description =
                "The demo storefront on a collector's origin: the collector's endpoints, the"
                        + " tracker, and the demo shop's pages, catalog and token back end.")
public final class DemoShopMain implements Callable<Integer> {

    @Mixin CollectorMain collector;

    @Override
    public Integer call() throws InterruptedException {
        return collector.serve(DemoShop.site());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoShopMain()).execute(args));
    }
}
