package org.takedown.matching.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * LAION-style Parquet metadata, read with DuckDB's in-process JDBC driver (one self-contained jar,
 * no Hadoop): a {@code .parquet} file, or a directory with {@code *.parquet} files (directly or in
 * {@code metadata/}) and optionally {@code img_emb/*.npy} embeddings, paired with the Parquet files
 * in name order and row-aligned with them. Before anything is indexed every file's row count is
 * read from its footer and compared with its embeddings; any disagreement, a file DuckDB cannot
 * read, or embeddings of differing dimensions fail the run with the file names.
 */
final class ParquetInput {

    final List<Path> files;
    final List<Path> embeddings;
    final long[] rows;
    final long totalRows;
    final int dims;
    final String dtype;

    private ParquetInput(List<Path> files, List<Path> embeddings, long[] rows, int dims, String dtype) {
        this.files = files;
        this.embeddings = embeddings;
        this.rows = rows;
        long total = 0;
        for (long r : rows) {
            total += r;
        }
        this.totalRows = total;
        this.dims = dims;
        this.dtype = dtype;
    }

    /** The Parquet files of {@code input}, or an empty list when it is not Parquet input. */
    static List<Path> parquetFiles(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return input.getFileName().toString().endsWith(".parquet") ? List.of(input) : List.of();
        }
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        List<Path> files = list(input, ".parquet");
        return files.isEmpty() && Files.isDirectory(input.resolve("metadata")) ? list(input.resolve("metadata"), ".parquet") : files;
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).sorted().toList();
        }
    }

    static Connection connect() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the DuckDB JDBC driver is not on the class path", e);
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET threads = 1");
            s.execute("SET memory_limit = '256MB'");
        }
        return connection;
    }

    static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** Reads the row counts and checks the embeddings against them. */
    static ParquetInput open(Path input, List<Path> files, Connection connection) throws IOException {
        long[] rows = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet(" + literal(files.get(i)) + ")")) {
                r.next();
                rows[i] = r.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(files.get(i).getFileName() + ": not a readable Parquet file ("
                        + firstLine(e) + "); the release stays unpublished", e);
            }
        }
        List<Path> embeddings = Files.isDirectory(input) && Files.isDirectory(input.resolve("img_emb"))
                ? list(input.resolve("img_emb"), ".npy") : List.of();
        int dims = 0;
        String dtype = null;
        if (!embeddings.isEmpty()) {
            if (embeddings.size() != files.size()) {
                throw new IllegalStateException("img_emb/ has " + embeddings.size() + " .npy files but there are "
                        + files.size() + " Parquet files; they must pair up in name order");
            }
            for (int i = 0; i < files.size(); i++) {
                try (NpyFile npy = NpyFile.open(embeddings.get(i))) {
                    if (npy.rows() != rows[i]) {
                        throw new IllegalStateException("img_emb/" + embeddings.get(i).getFileName() + " has " + npy.rows()
                                + " rows but " + files.get(i).getFileName() + " has " + rows[i]
                                + "; embeddings must be row-aligned with the metadata");
                    }
                    if (i > 0 && npy.dims() != dims) {
                        throw new IllegalStateException("img_emb/" + embeddings.get(i).getFileName() + " has embeddings of "
                                + npy.dims() + " dimensions but img_emb/" + embeddings.get(0).getFileName() + " has " + dims);
                    }
                    dims = npy.dims();
                    dtype = npy.dtype();
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("img_emb/" + e.getMessage(), e);
                }
            }
            if (dims < 1 || dims > 1024) {
                throw new IllegalStateException("img_emb/ embeddings have " + dims + " dimensions; 1..1024 are supported");
            }
        }
        return new ParquetInput(files, embeddings, rows, dims, dtype);
    }

    /**
     * The select list for indexing {@code file}: only the columns ingestion reads (URL, caption, id,
     * found by name as in {@code ReleaseIngester}) and {@code file_row_number}, so DuckDB does not decode
     * the others (sizes, scores, hashes).
     */
    static String indexedColumns(Connection connection, Path file) throws SQLException {
        List<String> columns = new java.util.ArrayList<>();
        boolean caption = false;
        boolean key = false;
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM read_parquet(" + literal(file) + ") LIMIT 0")) {
            java.sql.ResultSetMetaData meta = r.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String name = meta.getColumnLabel(c);
                switch (name.toLowerCase(java.util.Locale.ROOT)) {
                    case "url" -> columns.add(quote(name));
                    case "text", "caption" -> {
                        if (!caption) {
                            columns.add(quote(name));
                            caption = true;
                        }
                    }
                    case "key", "id" -> {
                        if (!key) {
                            columns.add(quote(name));
                            key = true;
                        }
                    }
                    default -> { }
                }
            }
        }
        columns.add("file_row_number");
        return String.join(", ", columns);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
