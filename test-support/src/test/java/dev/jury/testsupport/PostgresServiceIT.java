package dev.jury.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PostgresServiceIT {

    private static PostgresService postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresService.shared();
    }

    @Test
    @DisplayName("The shared server is one instance, on 127.0.0.1")
    void sharedIsOneLoopbackServer() throws SQLException {
        assertThat(PostgresService.shared()).isSameAs(postgres);
        assertThat(postgres.host()).isEqualTo("127.0.0.1");
        assertThat(postgres.jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");
        try (Connection connection =
                        DriverManager.getConnection(
                                postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW listen_addresses")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    @DisplayName("Nothing answers on the server's port at a non-loopback address")
    void notReachableOffLoopback() throws Exception {
        LoopbackAssertions.assertNotReachableOffLoopback(postgres.port());
    }

    @Test
    @DisplayName("A created database stores and returns rows")
    void createInsertSelect() throws SQLException {
        PostgresService.Database db = postgres.createDatabase("postgres_it_rows");
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE label (id bigint PRIMARY KEY, value text NOT NULL)");
            statement.execute("INSERT INTO label VALUES (1, 'cat'), (2, 'dog')");
            try (ResultSet rs = statement.executeQuery("SELECT value FROM label ORDER BY id")) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                assertThat(values).containsExactly("cat", "dog");
            }
        }
    }

    @Test
    @DisplayName("Two databases do not see each other's tables")
    void databasesAreIsolated() throws SQLException {
        PostgresService.Database first = postgres.createDatabase("postgres_it_first");
        PostgresService.Database second = postgres.createDatabase("postgres_it_second");
        try (Connection connection = first.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_in_first (id int)");
            statement.execute("INSERT INTO only_in_first VALUES (42)");
        }
        try (Connection connection = second.connect();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM only_in_first"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    @DisplayName("Creating a database again starts it empty")
    void recreateIsFresh() throws SQLException {
        PostgresService.Database db = postgres.createDatabase("postgres_it_again");
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE leftover (id int)");
        }
        // An open session must not block the re-creation.
        try (Connection open = db.connect()) {
            assertThat(open.isValid(5)).isTrue();
            PostgresService.Database again = postgres.createDatabase("postgres_it_again");
            try (Connection connection = again.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rs =
                            statement.executeQuery(
                                    "SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    @DisplayName("Unsafe or reserved database names are refused")
    void badNamesRefused() {
        assertThatThrownBy(() -> postgres.createDatabase("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> postgres.createDatabase("postgres"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> postgres.createDatabase("template1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
