package tokyo.seisei.operator.engine.gates;

import java.util.Optional;
import tokyo.seisei.operator.engine.status.Transition;

/** A check before a stack is planned: go on (empty), or where the stack ends, with nothing more done. */
public interface Gate {

    Optional<Transition> check(StackContext stack);
}
