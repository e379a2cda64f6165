"""The seed notebooks' models, transcribed for Keras 3.

Shared by bench_keras.py, bench_keras_fashion.py and to_keras.py here, and by the fixture
scripts in Tests/References (make_model_fixtures.py, lesson_fixtures.py, exercise_fixtures.py).
Each function is the seed's own code, changed only where Keras 3 requires it
(imports from `keras`, `Input(shape=...)`, `keras.layers.add`) or where the
project asked for it (seed 002's layer names, see below). Nothing here sets
weights; callers that need deterministic values assign them explicitly.

Seed 002 (`../../../shared/seeds/002_*`): ResNet-50 with bottleneck blocks.
  The seed's own names are inconsistent (stages 2-3 pass `layer=2, level='a'`
  and come out as 'resa22a'; stages 4-5 as 'res4b2a'). Here the blocks take
  (stage, block) and use the canonical names
      res{stage}{block}_branch2a/2b/2c, bn{stage}{block}_branch2a/2b/2c,
      res{stage}{block}_branch1, bn{stage}{block}_branch1,
  plus conv1, bn_conv1, avg_pool, fc{classes}. Every other layer
  (ZeroPadding2D, Activation, MaxPooling2D, Add, Flatten) is unnamed in the
  seed and keeps Keras's automatic name. Names do not change any count.

Seed 003: `resnet_layer`, `resnet_v1` (depth 6n+2), `resnet_v2` (9n+2).
  The seed's text lost the line `conv_first=True):` from resnet_layer's
  signature (its body uses `conv_first`, resnet_v2 passes it); it is restored
  here as in the Keras CIFAR-10 example the seed follows.

Seed 004: `residual_unit` and the ResNet-20 built from it. `names` is an
  addition (default None = Keras's automatic names, as in the seed) so the
  fixtures can give every layer a stable explicit name.
"""

import keras
from keras.initializers import glorot_uniform
from keras.layers import (Activation, Add, AvgPool2D, AveragePooling2D,
                          BatchNormalization, Conv2D, Dense, Flatten, Input,
                          MaxPooling2D, ZeroPadding2D)
from keras.models import Model
from keras.regularizers import l2


# --------------------------------------------------------------------------
# seed 002: ResNet-50 (identity block = seed's index_block, conv block =
# seed's con_block)
# --------------------------------------------------------------------------
def index_block(x, f, filters, stage, block):
    """Identity bottleneck block: 1x1 -> fxf 'same' -> 1x1, BN after each conv,
    ReLU after the first two, add the unchanged input, ReLU."""
    con_name = f"res{stage}{block}_branch"
    bnz_name = f"bn{stage}{block}_branch"

    F1, F2, F3 = filters

    x_shortcut = x

    x = Conv2D(filters=F1, kernel_size=(1, 1), strides=(1, 1), padding='valid', name=con_name + '2a', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2a')(x)
    x = Activation('relu')(x)

    x = Conv2D(filters=F2, kernel_size=(f, f), strides=(1, 1), padding='same', name=con_name + '2b', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2b')(x)
    x = Activation('relu')(x)

    x = Conv2D(filters=F3, kernel_size=(1, 1), strides=(1, 1), padding='valid', name=con_name + '2c', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2c')(x)

    x = Add()([x, x_shortcut])
    x = Activation('relu')(x)

    return x


def con_block(x, f, filters, stage, block, s=2):
    """Convolutional bottleneck block: like index_block, but the first 1x1 conv
    has stride s and the shortcut is a 1x1 conv (stride s) + BN."""
    con_name = f"res{stage}{block}_branch"
    bnz_name = f"bn{stage}{block}_branch"

    F1, F2, F3 = filters

    x_shortcut = x

    x = Conv2D(F1, (1, 1), strides=(s, s), name=con_name + '2a', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2a')(x)
    x = Activation('relu')(x)

    x = Conv2D(filters=F2, kernel_size=(f, f), strides=(1, 1), padding='same', name=con_name + '2b', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2b')(x)
    x = Activation('relu')(x)

    x = Conv2D(filters=F3, kernel_size=(1, 1), strides=(1, 1), padding='valid', name=con_name + '2c', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name=bnz_name + '2c')(x)

    x_shortcut = Conv2D(filters=F3, kernel_size=(1, 1), strides=(s, s), padding='valid', name=con_name + '1',
                        kernel_initializer=glorot_uniform(seed=0))(x_shortcut)
    x_shortcut = BatchNormalization(axis=3, name=bnz_name + '1')(x_shortcut)

    x = Add()([x, x_shortcut])
    x = Activation('relu')(x)

    return x


def ResNet50(input_shape=(64, 64, 3), classes=6):
    """Seed 002's `ResNet` (model name 'ResNet50')."""
    x_input = Input(shape=input_shape)

    x = ZeroPadding2D((3, 3))(x_input)

    x = Conv2D(64, (7, 7), strides=(2, 2), name='conv1', kernel_initializer=glorot_uniform(seed=0))(x)
    x = BatchNormalization(axis=3, name='bn_conv1')(x)
    x = Activation('relu')(x)
    x = MaxPooling2D((3, 3), strides=(2, 2))(x)

    x = con_block(x, f=3, filters=[64, 64, 256], stage=2, block='a', s=1)
    x = index_block(x, 3, [64, 64, 256], stage=2, block='b')
    x = index_block(x, 3, [64, 64, 256], stage=2, block='c')

    x = con_block(x, f=3, filters=[128, 128, 512], stage=3, block='a', s=2)
    x = index_block(x, 3, [128, 128, 512], stage=3, block='b')
    x = index_block(x, 3, [128, 128, 512], stage=3, block='c')
    x = index_block(x, 3, [128, 128, 512], stage=3, block='d')

    x = con_block(x, f=3, filters=[256, 256, 1024], stage=4, block='a', s=2)
    x = index_block(x, 3, [256, 256, 1024], stage=4, block='b')
    x = index_block(x, 3, [256, 256, 1024], stage=4, block='c')
    x = index_block(x, 3, [256, 256, 1024], stage=4, block='d')
    x = index_block(x, 3, [256, 256, 1024], stage=4, block='e')
    x = index_block(x, 3, [256, 256, 1024], stage=4, block='f')

    x = con_block(x, f=3, filters=[512, 512, 2048], stage=5, block='a', s=2)
    x = index_block(x, 3, [512, 512, 2048], stage=5, block='b')
    x = index_block(x, 3, [512, 512, 2048], stage=5, block='c')

    x = AveragePooling2D((2, 2), name="avg_pool")(x)

    x = Flatten()(x)
    x = Dense(classes, activation='softmax', name='fc' + str(classes), kernel_initializer=glorot_uniform(seed=0))(x)

    model = Model(inputs=x_input, outputs=x, name='ResNet50')

    return model


# --------------------------------------------------------------------------
# seed 003: resnet_layer, resnet_v1 (6n+2), resnet_v2 (9n+2)
# --------------------------------------------------------------------------
def resnet_layer(inputs,
                 num_filters=16,
                 kernel_size=3,
                 strides=1,
                 activation='relu',
                 batch_normalization=True,
                 conv_first=True):
    conv = Conv2D(num_filters,
                  kernel_size=kernel_size,
                  strides=strides,
                  padding='same',
                  kernel_initializer='he_normal',
                  kernel_regularizer=l2(1e-4))

    x = inputs
    if conv_first:
        x = conv(x)
        if batch_normalization:
            x = BatchNormalization()(x)
        if activation is not None:
            x = Activation(activation)(x)
    else:
        if batch_normalization:
            x = BatchNormalization()(x)
        if activation is not None:
            x = Activation(activation)(x)
        x = conv(x)
    return x


def resnet_v1(input_shape, depth, num_classes=10):
    if (depth - 2) % 6 != 0:
        raise ValueError('depth should be 6n + 2 (eg 20, 32, 44 in [a])')
    # Start model definition.
    num_filters = 16
    num_res_blocks = int((depth - 2) / 6)

    inputs = Input(shape=input_shape)
    x = resnet_layer(inputs=inputs)
    # Instantiate the stack of residual units
    for stack in range(3):
        for res_block in range(num_res_blocks):
            strides = 1
            if stack > 0 and res_block == 0:  # first layer but not first stack
                strides = 2  # downsample
            y = resnet_layer(inputs=x,
                             num_filters=num_filters,
                             strides=strides)
            y = resnet_layer(inputs=y,
                             num_filters=num_filters,
                             activation=None)
            if stack > 0 and res_block == 0:  # first layer but not first stack
                # linear projection residual shortcut connection to match
                # changed dims
                x = resnet_layer(inputs=x,
                                 num_filters=num_filters,
                                 kernel_size=1,
                                 strides=strides,
                                 activation=None,
                                 batch_normalization=False)
            x = keras.layers.add([x, y])
            x = Activation('relu')(x)
        num_filters *= 2

    # Add classifier on top.
    # v1 does not use BN after last shortcut connection-ReLU
    x = AveragePooling2D(pool_size=8)(x)
    y = Flatten()(x)
    outputs = Dense(num_classes,
                    activation='softmax',
                    kernel_initializer='he_normal')(y)

    # Instantiate model.
    model = Model(inputs=inputs, outputs=outputs)
    return model


def resnet_v2(input_shape, depth, num_classes=10):
    if (depth - 2) % 9 != 0:
        raise ValueError('depth should be 9n + 2 (eg 56 or 110 in [b])')
    # Start model definition.
    num_filters_in = 16
    num_res_blocks = int((depth - 2) / 9)

    inputs = Input(shape=input_shape)
    # v2 performs Conv2D with BN-ReLU on input before splitting into 2 paths
    x = resnet_layer(inputs=inputs,
                     num_filters=num_filters_in,
                     conv_first=True)

    # Instantiate the stack of residual units
    for stage in range(3):
        for res_block in range(num_res_blocks):
            activation = 'relu'
            batch_normalization = True
            strides = 1
            if stage == 0:
                num_filters_out = num_filters_in * 4
                if res_block == 0:  # first layer and first stage
                    activation = None
                    batch_normalization = False
            else:
                num_filters_out = num_filters_in * 2
                if res_block == 0:  # first layer but not first stage
                    strides = 2  # downsample

            # bottleneck residual unit
            y = resnet_layer(inputs=x,
                             num_filters=num_filters_in,
                             kernel_size=1,
                             strides=strides,
                             activation=activation,
                             batch_normalization=batch_normalization,
                             conv_first=False)
            y = resnet_layer(inputs=y,
                             num_filters=num_filters_in,
                             conv_first=False)
            y = resnet_layer(inputs=y,
                             num_filters=num_filters_out,
                             kernel_size=1,
                             conv_first=False)
            if res_block == 0:
                # linear projection residual shortcut connection to match
                # changed dims
                x = resnet_layer(inputs=x,
                                 num_filters=num_filters_out,
                                 kernel_size=1,
                                 strides=strides,
                                 activation=None,
                                 batch_normalization=False)
            x = keras.layers.add([x, y])

        num_filters_in = num_filters_out

    # Add classifier on top.
    # v2 has BN-ReLU before Pooling
    x = BatchNormalization()(x)
    x = Activation('relu')(x)
    x = AveragePooling2D(pool_size=8)(x)
    y = Flatten()(x)
    outputs = Dense(num_classes,
                    activation='softmax',
                    kernel_initializer='he_normal')(y)

    # Instantiate model.
    model = Model(inputs=inputs, outputs=outputs)
    return model


# --------------------------------------------------------------------------
# seed 004: residual_unit and its ResNet-20
# --------------------------------------------------------------------------
l2_reg = keras.regularizers.l2(0.0001)

RESIDUAL_UNIT_ROLES = ["conv_a", "bn_a", "relu_a", "conv_b", "bn_b",
                       "shortcut_pool", "shortcut_conv", "shortcut_bn",
                       "add", "relu_out"]


def residual_unit(x_input, filters, stride=1, regularizer=l2_reg, names=None):
    """Seed 004's unit. `names`: optional dict role -> layer name (roles in
    RESIDUAL_UNIT_ROLES); None keeps Keras's automatic names like the seed."""
    n = (names or {}).get
    x = Conv2D(filters, kernel_size=(3, 3), padding='same', use_bias=False,
               strides=stride, kernel_regularizer=regularizer, name=n("conv_a"))(x_input)
    x = BatchNormalization(name=n("bn_a"))(x)
    x = Activation('relu', name=n("relu_a"))(x)
    x = Conv2D(filters, kernel_size=(3, 3), padding='same', use_bias=False,
               kernel_regularizer=regularizer, name=n("conv_b"))(x)
    x = BatchNormalization(name=n("bn_b"))(x)

    if stride != 1:
        x_input = AvgPool2D(pool_size=stride, name=n("shortcut_pool"))(x_input)
        x_input = Conv2D(filters, kernel_size=(1, 1), use_bias=False,
                         kernel_regularizer=regularizer, name=n("shortcut_conv"))(x_input)
        x_input = BatchNormalization(name=n("shortcut_bn"))(x_input)

    x_res = keras.layers.add([x, x_input], name=n("add"))

    x_out = Activation('relu', name=n("relu_out"))(x_res)

    return x_out


def resnet20_seed004(input_shape=(32, 32, 3), classes=10):
    """Seed 004's model cell (its input is fixed at 32x32x3, 10 classes)."""
    x_input = Input(shape=input_shape)

    x = Conv2D(16, (3, 3), padding='same', use_bias=False,
               kernel_regularizer=l2_reg)(x_input)
    x = BatchNormalization()(x)
    x = Activation('relu')(x)

    x = residual_unit(x, 16)
    x = residual_unit(x, 16)
    x = residual_unit(x, 16)

    x = residual_unit(x, 32, stride=2)
    x = residual_unit(x, 32)
    x = residual_unit(x, 32)

    x = residual_unit(x, 64, stride=2)
    x = residual_unit(x, 64)
    x = residual_unit(x, 64)

    x = AvgPool2D((8, 8))(x)
    x = Flatten()(x)
    output = Dense(classes, activation='softmax')(x)

    model = Model(x_input, output)
    return model


def build(name, channels=3):
    """Models by the names the benchmarks use, for 32x32 inputs of `channels` channels."""
    if name == "resnet20_v1":
        return resnet_v1(input_shape=(32, 32, channels), depth=20)
    if name == "resnet20_seed004":
        return resnet20_seed004(input_shape=(32, 32, channels))
    raise ValueError(f"unknown model {name!r}; expected resnet20_v1 or resnet20_seed004")
