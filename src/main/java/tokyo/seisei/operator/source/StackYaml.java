package tokyo.seisei.operator.source;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The YAML of a stack file as the loader reads it: every plain (unquoted) scalar is the text written, never a
 * number or a boolean typed by YAML 1.1's rules, so {@code version: 1.10} stays {@code 1.10} (not {@code 1.1}),
 * {@code 0777} stays {@code 0777} (not {@code 511}) and {@code yes} stays {@code yes} (not {@code true}). Only the
 * nulls of YAML 1.2's core schema ({@code ~}, {@code null}, {@code Null}, {@code NULL}, nothing) are null, as
 * {@link ComposeYaml} reads them; a scalar with an explicit tag ({@code !!int}) is typed as its tag says.
 *
 * <p>A field whose type is a number or a boolean gets that text converted when the tree is bound: {@code 3} and
 * {@code true} as before, and YAML 1.2's {@code true}, {@code True}, {@code TRUE}, {@code false}, {@code False},
 * {@code FALSE} for a boolean; any other text is refused as the wrong type ({@code must be true or false}).
 */
final class StackYaml extends YAMLFactory {

    StackYaml(YAMLFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext context) throws IOException {
        return parser(context, _createReader(in, null, context));
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
        return parser(context, reader);
    }

    @Override
    protected YAMLParser _createParser(char[] text, int offset, int length, IOContext context, boolean recyclable) {
        return parser(context, new CharArrayReader(text, offset, length));
    }

    @Override
    protected YAMLParser _createParser(byte[] bytes, int offset, int length, IOContext context) throws IOException {
        return parser(context, _createReader(bytes, offset, length, null, context));
    }

    private YAMLParser parser(IOContext context, Reader reader) {
        return new PlainScalarsAsText(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
    }

    private static final class PlainScalarsAsText extends YAMLParser {

        PlainScalarsAsText(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                           Reader reader) {
            super(context, parserFeatures, yamlFeatures, options, codec, reader);
        }

        @Override
        protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
            String value = scalar.getValue();
            if (scalar.isPlain() && scalar.getTag() == null && !value.isEmpty() && !ComposeYaml.NULL.matcher(value).matches()) {
                _textValue = value;
                _cleanedTextValue = null;
                return JsonToken.VALUE_STRING;
            }
            return super._decodeScalar(scalar);
        }
    }
}
