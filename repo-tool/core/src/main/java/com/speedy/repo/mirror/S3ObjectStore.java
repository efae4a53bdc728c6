package com.speedy.repo.mirror;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket of an S3-compatible server, through the AWS SDK with the JDK's own HTTP client. Path-style addressing
 * ({@code endpoint/bucket/key}), which every S3-compatible server answers; checksums only where S3 requires them,
 * since servers other than AWS do not all know the SDK's newer checksum headers.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private final S3Client client;
    private final String bucket;
    private final Optional<String> acl;

    private S3ObjectStore(S3Client client, String bucket, Optional<String> acl) {
        this.client = client;
        this.bucket = bucket;
        this.acl = acl;
    }

    public static S3ObjectStore open(S3Settings settings, String bucket) {
        return open(settings, bucket, List.of());
    }

    /** With interceptors that see every request: a test counts the listings with one. */
    public static S3ObjectStore open(S3Settings settings, String bucket, List<ExecutionInterceptor> interceptors) {
        S3Client client = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(config -> config.executionInterceptors(interceptors))
                .build();
        return new S3ObjectStore(client, bucket, settings.acl());
    }

    @Override
    public Map<String, Listed> list(String prefix) throws IOException {
        Map<String, Listed> objects = new LinkedHashMap<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix.isEmpty() ? null : prefix + "/").build();
            for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                objects.put(object.key(), new Listed(object.key(), object.size(), unquoted(object.eTag())));
            }
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        }
        return objects;
    }

    @Override
    public void put(String key, Path file, String cacheControl) throws IOException {
        try {
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                    .cacheControl(cacheControl).contentType(contentType(key));
            acl.ifPresent(request::acl);
            client.putObject(request.build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("uploading s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    static String contentType(String key) {
        if (key.endsWith(".deb")) {
            return "application/vnd.debian.binary-package";
        } else if (key.endsWith(".gz")) {
            return "application/gzip";
        } else if (key.endsWith(".xz")) {
            return "application/x-xz";
        } else if (key.endsWith("/Packages") || key.endsWith("/Release") || key.endsWith("/InRelease")) {
            return "text/plain"; // a parameter (; charset=) breaks some servers' v4 signature check (S3Proxy 2.6)
        }
        return "application/octet-stream";
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    @Override
    public void close() {
        ((SdkClient) client).close();
    }
}
