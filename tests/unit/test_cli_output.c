/* test_cli_output.c: where -o writes. A regular file is written to a temporary file renamed
 * into place (a failed run leaves nothing half-written); a device or a pipe is written as it is,
 * never replaced: `-o /dev/null` once turned /dev/null into a plain file for every process of
 * the machine. Checked here on a FIFO of the test's own, which the same rename would replace. */
#include "check.h"
#include "cli_run.h"

#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void fifo_stays_a_fifo(void)
{
    char fifo[300], got[300], cmd[1200];
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    snprintf(got, sizeof got, "%s/got", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    /* a reader that copies the pipe into a file */
    snprintf(cmd, sizeof cmd, "cat '%s' > '%s' &", fifo, got);
    CHECK(system(cmd) == 0);
    CHECK_INT(cli_run(dir, "report examples/cases/SYN-EGFR-01.json --format json -o '%s'", fifo), 0);
    struct stat st;
    CHECK(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
    for (int i = 0; i < 50; i++) { /* the reader finishes when the writer closes */
        char *text = test_slurp(got);
        bool done = text && strstr(text, "\"case_id\": \"SYN-EGFR-01\"") && strrchr(text, '}');
        free(text);
        if (done) break;
        usleep(100000);
    }
    char *text = test_slurp(got);
    CHECK(text && strstr(text, "\"case_id\": \"SYN-EGFR-01\""));
    free(text);
}

static void regular_file_replaced_whole(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/report.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("previous content 7f3a", fp);
    fclose(fp);
    CHECK_INT(cli_run(dir, "report examples/cases/SYN-EGFR-01.json --format json -o '%s'", path), 0);
    char *text = test_slurp(path);
    CHECK(text && strncmp(text, "{", 1) == 0 && !strstr(text, "previous content 7f3a"));
    free(text);
}

int main(void)
{
    if (!check_mkdtemp(dir, sizeof dir, "onc-output")) return 1;
    RUN(fifo_stays_a_fifo);
    RUN(regular_file_replaced_whole);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    CHECK_EXIT();
}
