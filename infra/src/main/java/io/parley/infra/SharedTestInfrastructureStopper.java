package io.parley.infra;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared test infrastructure when the test session ends (registered as a JUnit service). */
public final class SharedTestInfrastructureStopper implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedTestInfrastructure.stopIfStarted();
    }
}
