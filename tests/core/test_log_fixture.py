"""The suite fails a test that logs at ERROR, unless the test says it expects to."""

import pytest

pytest_plugins = ["pytester"]


@pytest.mark.logs_errors  # the inner run logs in this process too
def test_an_error_in_the_log_fails_the_test_unless_expected(pytester):
    pytester.makeconftest("from tests.conftest import errors_logged_are_expected  # noqa: F401")
    pytester.makeini("[pytest]\nmarkers =\n    logs_errors: expects an ERROR log line\n")
    pytester.makepyfile(
        """
        import logging

        import pytest

        log = logging.getLogger("portal.web")

        def test_logs_an_error():
            log.error("Unhandled error on GET /")

        def test_logs_a_warning():
            log.warning("only a warning")

        @pytest.mark.logs_errors
        def test_expects_an_error():
            log.error("Unhandled error on GET /_500")

        @pytest.mark.logs_errors
        def test_expects_an_error_that_never_comes():
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*Failed: logged at ERROR (mark the test logs_errors if meant):",
            "*portal.web: Unhandled error on GET /",
            "*Failed: marked logs_errors but logged no error",
        ]
    )
